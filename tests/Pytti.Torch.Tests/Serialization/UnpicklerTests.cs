using System.Numerics;
using System.Text;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>The pickle machine on opcodes of every protocol PyTorch files use (bytes written by CPython 3.11's pickle).</summary>
public sealed class UnpicklerTests
{
    private static object? Load(byte[] bytes) => new Unpickler(new MemoryStream(bytes), "test.pkl").Load();

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void Protocol4FramesMemoizeAndStackGlobal()
    {
        // pickle.dumps({'a': [1, 'x', 'x'], 'b': collections.OrderedDict()}, protocol=4)
        var value = Load(Hex("80 04 95 3a 00 00 00 00 00 00 00 7d 94 28 8c 01 61 94 5d 94 28 4b 01 8c 01 78 94 68 03 65 8c 01 62 94 8c 0b 63 6f 6c 6c 65 63 74 69 6f 6e 73 94 8c 0b 4f 72 64 65 72 65 64 44 69 63 74 94 93 94 29 52 94 75 2e"));

        var dict = Assert.IsType<PyDict>(value);
        Assert.True(dict.TryGet("a", out var a));
        Assert.Equal(new object?[] { 1L, "x", "x" }, Assert.IsType<List<object?>>(a));
        Assert.True(dict.TryGet("b", out var b));
        Assert.Equal(0, Assert.IsType<PyDict>(b).Count);
    }

    [Fact]
    public void Protocol0TextOpcodes()
    {
        // pickle.dumps((7, 'hi', 2.5, True, None), protocol=0)
        var value = Load(Encoding.ASCII.GetBytes("(I7\nVhi\np0\nF2.5\nI01\nNtp1\n."));

        Assert.Equal(new object?[] { 7L, "hi", 2.5, true, null }, Assert.IsType<PyTuple>(value).Items);
    }

    [Fact]
    public void LongIntegersBeyondInt64BecomeBigIntegers()
    {
        // pickle.dumps(2**70, protocol=2): LONG1 with 9 bytes
        var value = Load(Hex("80 02 8a 09 00 00 00 00 00 00 00 00 40 2e"));

        Assert.Equal(BigInteger.Pow(2, 70), value);
        Assert.Equal(-1L, Load(Hex("80 02 8a 01 ff 2e"))); // LONG1 is two's complement
    }

    [Fact]
    public void ExtensionRegistryOpcodeIsUnsupported()
    {
        var error = Assert.Throws<WeightFormatException>(() => Load(Hex("80 02 82 01 2e")));

        Assert.Equal(WeightErrorCodes.UnsupportedContent, error.Code);
        Assert.StartsWith("test.pkl: the pickle uses opcode 0x82 at byte 2, which no PyTorch checkpoint needs.", error.Message);
    }

    [Fact]
    public void UnknownOpcodeIsCorrupt()
    {
        var error = Assert.Throws<WeightFormatException>(() => Load(Hex("80 02 ff 2e")));

        Assert.Equal(WeightErrorCodes.Corrupt, error.Code);
        Assert.StartsWith("test.pkl: the pickle is malformed (unknown opcode 0xff, byte 2).", error.Message);
    }

    [Fact]
    public void PersistentIdsOutsideACheckpointAreRefused()
    {
        var error = Assert.Throws<WeightFormatException>(() => Load(new PickleBuilder().Tuple(1).Op('Q').Stop()));

        Assert.Contains("the pickle refers to external data (persistent ids) but is not inside a PyTorch checkpoint", error.Message);
    }
}
