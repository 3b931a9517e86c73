using System.Runtime.InteropServices;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>Legacy torch.save files built by hand: view storages and the storage table after the pickles.</summary>
public sealed class LegacyFormatTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // PROTO 2, LONG1 (10 bytes) 0x1950a86a20f9469cfc6c, STOP
    private static readonly byte[] MagicPickle = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.'];

    private string WriteLegacy(byte[] mainPickle, params (string Key, float[] Values)[] storages)
    {
        var protocol = new PickleBuilder().Int(1001).Stop();
        var sysInfo = new PickleBuilder().Op('}').Str("little_endian").Raw(0x88).Op('s').Stop();
        var keys = new PickleBuilder().Op(']').Mark();
        foreach (var (key, _) in storages) keys.Str(key);
        byte[] keyList = keys.Op('e').Stop();
        var file = new List<byte>([.. MagicPickle, .. protocol, .. sysInfo, .. mainPickle, .. keyList]);
        foreach (var (_, values) in storages)
            file.AddRange([.. BitConverter.GetBytes((long)values.Length), .. MemoryMarshal.AsBytes<float>(values)]);
        return _dir.Write("legacy.pth", [.. file]);
    }

    [Fact]
    public void ViewStoragesAddTheirOffsetInsideTheRootStorage()
    {
        var main = new PickleBuilder().Op('}').Mark()
            .Str("whole").Tensor("FloatStorage", "root", 6, 0, [6], [1])
            .Str("middle").Tensor("FloatStorage", "root", 6, 1, [2], [1], view: ("view", 2, 3))
            .Op('u').Stop();

        var dict = WeightFile.Load(WriteLegacy(main, ("root", [10, 11, 12, 13, 14, 15])));

        Assert.Equal(WeightFormat.TorchLegacy, dict.Format);
        Assert.Equal([13f, 14f], MemoryMarshal.Cast<byte, float>(dict["middle"].ToContiguousBytes()).ToArray());
        Assert.Equal([10f, 11f, 12f, 13f, 14f, 15f], MemoryMarshal.Cast<byte, float>(dict["whole"].ToContiguousBytes()).ToArray());
    }

    [Fact]
    public void StorageCountDisagreeingWithThePickleIsCorrupt()
    {
        var main = new PickleBuilder().Op('}').Str("w").Tensor("FloatStorage", "a", 4, 0, [4], [1]).Op('s').Stop();
        string path = WriteLegacy(main, ("a", [1, 2, 3]));

        var error = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));

        Assert.Contains(path + ": storage 'a' should hold 4 elements but the file has 3", error.Message);
    }

    [Fact]
    public void A_storage_count_of_2_to_the_62_is_corrupt_not_wrapped_around()
    {
        var main = new PickleBuilder().Op('}').Str("w").Tensor("FloatStorage", "a", 1L << 62, 0, [4], [1]).Op('s').Stop();
        byte[] file = File.ReadAllBytes(WriteLegacy(main, ("a", [1, 2, 3, 4])));
        BitConverter.GetBytes(1L << 62).CopyTo(file, file.Length - 24);    // the count before the 16 data bytes: 2^62 · 4 bytes wraps to 0
        string path = _dir.Write("huge.pth", file);

        var error = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));

        Assert.Contains(path + ": storage 'a' should hold 4611686018427387904 elements but the file has 4611686018427387904 (or fewer bytes)", error.Message);
    }

    [Fact]
    public void A_view_storage_whose_size_overflows_is_corrupt()
    {
        var main = new PickleBuilder().Op('}').Str("w")
            .Tensor("FloatStorage", "root", 4, 0, [2], [1], view: ("view", 1, long.MaxValue)).Op('s').Stop();
        string path = WriteLegacy(main, ("root", [1, 2, 3, 4]));

        var error = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));

        Assert.Contains("does not fit its storage 'root'", error.Message);
    }
}
