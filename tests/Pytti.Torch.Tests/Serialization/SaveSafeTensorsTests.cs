using Pytti.Torch.Serialization;
using TorchSharp;

namespace Pytti.Torch.Tests.Serialization;

/// <summary><see cref="Weights.SaveSafeTensors"/> (engine checkpoints write through it): TorchSharp tensors in, the same values back.</summary>
public sealed class SaveSafeTensorsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Views_and_integer_and_half_tensors_load_back_as_their_row_major_values_with_the_metadata()
    {
        var path = _dir.File("state.safetensors");
        using (var scope = torch.NewDisposeScope())
        {
            var matrix = torch.arange(6, dtype: torch.ScalarType.Float32).reshape(2, 3);   // [2,3]
            Weights.SaveSafeTensors(path, new Dictionary<string, torch.Tensor>
            {
                ["transposed"] = matrix.t(),                                               // a view [3,2], not contiguous
                ["step"] = torch.tensor(new long[] { -1, 7 }),
                ["half"] = torch.tensor(new[] { 0.5f, 1.5f }).to_type(torch.ScalarType.Float16),
            }, new Dictionary<string, string> { ["frame"] = "3" });
        }
        Assert.Equal("3", WeightFile.Load(path).Metadata["frame"]);
        var loaded = Weights.LoadTorch(path);
        try
        {
            Assert.Equal([3L, 2L], loaded["transposed"].shape);
            Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], loaded["transposed"].data<float>().ToArray());
            Assert.Equal(torch.ScalarType.Int64, loaded["step"].dtype);
            Assert.Equal([-1L, 7L], loaded["step"].data<long>().ToArray());
            Assert.Equal(torch.ScalarType.Float16, loaded["half"].dtype);
            using var half = loaded["half"].to_type(torch.ScalarType.Float32);
            Assert.Equal([0.5f, 1.5f], half.data<float>().ToArray());
        }
        finally
        {
            foreach (var t in loaded.Values) t.Dispose();
        }
    }
}
