using Pytti.Testing;
using Pytti.Torch.NN;
using Pytti.Torch.Serialization;
using TorchSharp;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>
/// safetensors data comes through TorchSharp.PyBridge, the torch.save formats through our readers: both give
/// the same tensors, in file order, converted like the records' bytes, and leave nothing alive.
/// </summary>
public sealed class LibraryLoadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_safetensors_and_torch_save_copies_of_one_model_load_to_equal_tensors()
    {
        using var guard = new LeakGuard();
        var fromLibrary = Weights.LoadTorch(SharedFixtures.Path("fixtures", "clip", "tiny_rn.safetensors"));
        var fromOurReader = Weights.LoadTorch(SharedFixtures.Path("fixtures", "clip", "tiny_rn.pt"));
        try
        {
            Assert.Equal(fromOurReader.Keys.Order(), fromLibrary.Keys.Order());
            foreach (var (name, expected) in fromOurReader)
            {
                Assert.Equal(expected.dtype, fromLibrary[name].dtype);
                Assert.Equal(expected.shape, fromLibrary[name].shape);
                Assert.True(TensorAssert.Bytes(expected).AsSpan().SequenceEqual(TensorAssert.Bytes(fromLibrary[name])), $"{name} differs");
            }
        }
        finally
        {
            fromLibrary.DisposeAll();
            fromOurReader.DisposeAll();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Every_dtype_loads_in_file_order_converted_like_the_records(DType? floatType)
    {
        string path = _dir.File("dtypes.safetensors");
        SafeTensorsWriter.Write(path, SafeTensorsTests.Tensors);
        var records = WeightFile.Load(path);
        using var guard = new LeakGuard();

        var tensors = Weights.LoadTorch(path, floatType);
        try
        {
            Assert.Equal(records.Keys, tensors.Keys);
            foreach (var record in records.Values)
            {
                var target = floatType is { } f && record.DType.IsFloatingPoint() ? f : record.DType;
                Assert.Equal((torch.ScalarType)(sbyte)target, tensors[record.Name].dtype);
                Assert.Equal(record.Shape, tensors[record.Name].shape);
                Assert.Equal(record.ToContiguousBytes(target), TensorAssert.Bytes(tensors[record.Name]));
            }
        }
        finally
        {
            tensors.DisposeAll();
        }
    }

    [Fact]
    public void Safetensors_with_flipped_bytes_load_or_fail_with_WeightFormatException()
    {
        string path = _dir.File("small.safetensors");
        SafeTensorsWriter.Write(path, [("a", DType.Float16, [2, 3], new byte[12]), ("b", DType.Int64, [], new byte[8])],
            new Dictionary<string, string> { ["k"] = "v" });
        byte[] original = File.ReadAllBytes(path);
        var random = new Random(7);
        using var guard = new LeakGuard();

        for (int trial = 0; trial < 200; trial++)
        {
            byte[] damaged = [.. original];
            damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            string file = _dir.Write($"{trial}.safetensors", damaged);
            try
            {
                Weights.LoadTorch(file, DType.Float32).DisposeAll();
            }
            catch (WeightFormatException e)
            {
                Assert.StartsWith(file + ": ", e.Message);
            }
        }
    }

    [Theory]
    [InlineData("shape")]
    [InlineData("data_offsets")]
    public void Metadata_the_library_cannot_read_is_refused_by_inspect_and_load_alike(string key)
    {
        string path = _dir.File("metadata.safetensors");
        SafeTensorsWriter.Write(path, [("a", DType.Float32, [1], new byte[4])], new Dictionary<string, string> { [key] = "x" });

        var inspect = Assert.Throws<WeightFormatException>(() => WeightFile.Load(path));
        var load = Assert.Throws<WeightFormatException>(() => Weights.LoadTorch(path));

        Assert.Equal(WeightErrorCodes.UnsupportedContent, inspect.Code);
        Assert.Equal(inspect.Message, load.Message);
        Assert.Contains($"metadata '{key}'", inspect.Message);
    }
}
