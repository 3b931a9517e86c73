using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Pytti.Testing;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>safetensors written by <see cref="SafeTensorsWriter"/> read back identically; damaged files fail clearly.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>One tensor of every supported dtype, including a scalar and an empty one.</summary>
    internal static readonly (string Name, DType DType, long[] Shape, byte[] Data)[] Tensors =
    [
        ("conv.weight", DType.Float32, [2, 3], MemoryMarshal.AsBytes<float>([1, -2, 3.5f, 0, 1e-8f, float.MaxValue]).ToArray()),
        ("half", DType.Float16, [3], MemoryMarshal.AsBytes<Half>([(Half)1, (Half)(-0.5), Half.MaxValue]).ToArray()),
        ("bf16", DType.BFloat16, [1], [0x80, 0x3F]),
        ("step", DType.Int64, [], BitConverter.GetBytes(42L)),
        ("mask", DType.Bool, [3], [1, 0, 1]),
        ("empty", DType.UInt8, [0, 4], []),
    ];

    private string WriteSample(string name = "sample.safetensors")
    {
        string path = _dir.File(name);
        SafeTensorsWriter.Write(path, Tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode" });
        return path;
    }

    [Fact]
    public void RoundTripKeepsOrderDtypesShapesBytesAndMetadata()
    {
        var dict = WeightFile.Load(WriteSample());

        Assert.Equal(WeightFormat.SafeTensors, dict.Format);
        Assert.Equal(Tensors.Select(t => t.Name), dict.Keys);
        foreach (var (name, dtype, shape, data) in Tensors)
        {
            Assert.Equal(dtype, dict[name].DType);
            Assert.Equal(shape, dict[name].Shape);
            Assert.Equal(data, dict[name].ToContiguousBytes());
        }
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode" }, dict.Metadata);
        Assert.Equal(6 + 3 + 1 + 1 + 3, dict.ParameterCount);
    }

    [Fact]
    public void HeaderIsPaddedWithSpacesToAMultipleOfEight()
    {
        byte[] file = File.ReadAllBytes(WriteSample());
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(file);
        string header = Encoding.UTF8.GetString(file, 8, (int)headerLength);

        Assert.Equal(0, headerLength % 8);
        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\"", header);
        Assert.Matches("} *$", header);
        Assert.Equal(Tensors.Sum(t => t.Data.Length), file.Length - 8 - headerLength);
    }

    [Fact]
    public void WriteReplacesTheTargetAtomicallyAndLeavesNoTemporaryFiles()
    {
        string path = _dir.Write("model.safetensors", "old content"u8.ToArray());

        SafeTensorsWriter.Write(path, [("x", DType.Int32, [1], BitConverter.GetBytes(7))]);

        Assert.Equal(["model.safetensors"], Directory.GetFiles(_dir.Root).Select(Path.GetFileName));
        Assert.Equal(7, BitConverter.ToInt32(WeightFile.Load(path)["x"].ToContiguousBytes()));
    }

    [Fact]
    public void WriterRejectsDataThatDoesNotMatchTheShape()
    {
        string path = _dir.File("bad.safetensors");

        var error = Assert.Throws<WeightFormatException>(() =>
            SafeTensorsWriter.Write(path, [("w", DType.Float32, [2, 2], new byte[12])]));

        Assert.Equal(WeightErrorCodes.WriteFailed, error.Code);
        Assert.Contains("tensor 'w' has 12 bytes but float32[2, 2] needs 16", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void FixtureMetadataIsRead()
    {
        var dict = WeightFile.Load(SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.safetensors"));

        Assert.Contains("\"embed_dim\": 64", dict.Metadata["constructor_args"]);
    }

    [Fact]
    public void TruncatedDataIsReportedWithTheFileName()
    {
        byte[] whole = File.ReadAllBytes(WriteSample());
        string path = _dir.Write("cut.safetensors", whole[..^5]);

        var error = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));

        Assert.Equal(WeightErrorCodes.Corrupt, error.Code);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}: tensor 'step' ends at byte \\d+ but the file has {whole.Length - 5}\\. ", error.Message);
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", "tensor 'w' spans 4 bytes but its shape needs 8")]
    [InlineData("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", "tensor 'w' has dtype F8_E4M3")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "the header entry of tensor 'w' is malformed")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", "the safetensors header is not valid JSON")]
    [InlineData("{\"__metadata__\":{\"n\":1}}", "metadata 'n' is not a string")]
    public void MalformedHeadersAreReported(string header, string expected)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        string path = _dir.Write("bad.safetensors", [.. BitConverter.GetBytes((long)json.Length), .. json, .. new byte[8]]);

        var error = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));

        Assert.Contains(path + ": " + expected, error.Message);
    }
}
