using Pytti.Testing;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>
/// safetensors data comes through TorchSharp.PyBridge, the torch.save formats through our readers: both give
/// the same tensors, in file order, converted like the records' bytes, and leave nothing alive.
/// </summary>
public sealed class LibraryLoadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void DisposeAll(Dictionary<string, Tensor> tensors)
    {
        foreach (var t in tensors.Values) t.Dispose();
    }

    [Fact]
    public void The_safetensors_and_torch_save_copies_of_one_model_load_to_equal_tensors()
    {
        using var guard = new LeakGuard();
        var fromLibrary = Weights.LoadTorch(SharedFixtures.Path("fixtures", "clip", "tiny_rn.safetensors")).ToDictionary(kv => kv.Key, kv => Tensor.Wrap(kv.Value));   // Wrapper boundary: Weights loads TorchSharp tensors
        var fromOurReader = Weights.LoadTorch(SharedFixtures.Path("fixtures", "clip", "tiny_rn.pt")).ToDictionary(kv => kv.Key, kv => Tensor.Wrap(kv.Value));   // Wrapper boundary: Weights loads TorchSharp tensors
        try
        {
            Assert.Equal(fromOurReader.Keys.Order(), fromLibrary.Keys.Order());
            foreach (var (name, expected) in fromOurReader)
            {
                Assert.Equal(expected.DType, fromLibrary[name].DType);
                Assert.Equal(expected.Shape, fromLibrary[name].Shape);
                Assert.True(expected.ToBytes().AsSpan().SequenceEqual(fromLibrary[name].ToBytes()), $"{name} differs");
            }
        }
        finally
        {
            DisposeAll(fromLibrary);
            DisposeAll(fromOurReader);
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

        var tensors = Weights.LoadTorch(path, floatType).ToDictionary(kv => kv.Key, kv => Tensor.Wrap(kv.Value));   // Wrapper boundary: Weights loads TorchSharp tensors
        try
        {
            Assert.Equal(records.Keys, tensors.Keys);
            foreach (var record in records.Values)
            {
                var target = floatType is { } f && record.DType.IsFloatingPoint() ? f : record.DType;
                Assert.Equal(target, tensors[record.Name].DType);
                Assert.Equal(record.Shape, tensors[record.Name].Shape);
                Assert.Equal(record.ToContiguousBytes(target), tensors[record.Name].ToBytes());
            }
        }
        finally
        {
            DisposeAll(tensors);
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
                DisposeAll(Weights.LoadTorch(file, DType.Float32).ToDictionary(kv => kv.Key, kv => Tensor.Wrap(kv.Value)));   // Wrapper boundary: Weights loads TorchSharp tensors
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
