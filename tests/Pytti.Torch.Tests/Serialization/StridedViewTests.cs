using System.IO.Compression;
using System.Runtime.InteropServices;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>Views over shared storages (transposes, offsets, broadcasts) are materialised in row-major order.</summary>
public sealed class StridedViewTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // storage '0' holds the float32 values 0..11.
    private static readonly byte[] Storage = MemoryMarshal.AsBytes<float>([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).ToArray();

    private string WriteViews(CompressionLevel level = CompressionLevel.NoCompression)
    {
        var pickle = new PickleBuilder().Op('}').Mark()
            .Str("transposed").Tensor("FloatStorage", "0", 12, 1, [3, 2], [1, 3])
            .Str("tail").Tensor("FloatStorage", "0", 12, 8, [4], [1])
            .Str("broadcast").Tensor("FloatStorage", "0", 12, 0, [2, 3], [0, 1])
            .Op('u').Stop();
        string path = _dir.File("views.pt");
        TorchZipBuilder.Write(path, pickle, new Dictionary<string, byte[]> { ["0"] = Storage }, level);
        return path;
    }

    private static float[] Floats(TensorRecord tensor) => MemoryMarshal.Cast<byte, float>(tensor.ToContiguousBytes()).ToArray();

    [Fact]
    public void TransposedViewIsGatheredInRowMajorOrder()
    {
        var view = WeightFile.Load(WriteViews())["transposed"];

        Assert.False(view.IsContiguous);
        Assert.Equal(new long[] { 1, 3 }, view.Strides);
        Assert.Equal(1, view.StorageOffset);
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], Floats(view));
    }

    [Fact]
    public void OffsetAndBroadcastViewsShareOneStorage()
    {
        var dict = WeightFile.Load(WriteViews());

        Assert.Equal([8f, 9f, 10f, 11f], Floats(dict["tail"]));
        Assert.True(dict["tail"].IsContiguous);
        Assert.Equal([0f, 1f, 2f, 0f, 1f, 2f], Floats(dict["broadcast"]));
        Assert.Same(dict["tail"].Storage, dict["transposed"].Storage);
        Assert.Same(dict["tail"].Storage, dict["broadcast"].Storage);
        Assert.Equal(6 + 4 + 6, dict.ParameterCount);
    }

    [Fact]
    public void DeflatedZipEntriesAreInflatedOnRead()
    {
        var dict = WeightFile.Load(WriteViews(CompressionLevel.Optimal));

        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], Floats(dict["transposed"]));
        Assert.Equal([8f, 9f, 10f, 11f], Floats(dict["tail"]));
    }

    [Fact]
    public void ViewReachingPastItsStorageIsReportedAsCorrupt()
    {
        var pickle = new PickleBuilder().Op('}').Str("bad").Tensor("FloatStorage", "0", 12, 10, [4], [1]).Op('s').Stop();
        string path = _dir.File("bad.pt");
        TorchZipBuilder.Write(path, pickle, new Dictionary<string, byte[]> { ["0"] = Storage });

        var error = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));

        Assert.Equal(WeightErrorCodes.Corrupt, error.Code);
        Assert.Contains("bad.pt", error.Message);
        Assert.Contains("tensor 'bad' needs 14 elements of storage '0', which holds 12", error.Message);
    }

    [Fact]
    public void StorageShorterThanDeclaredIsReportedAsCorrupt()
    {
        var pickle = new PickleBuilder().Op('}').Str("w").Tensor("FloatStorage", "0", 12, 0, [12], [1]).Op('s').Stop();
        string path = _dir.File("short.pt");
        TorchZipBuilder.Write(path, pickle, new Dictionary<string, byte[]> { ["0"] = Storage[..20] });

        var error = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));

        Assert.Contains("shorter than its declared size", error.Message);
    }
}
