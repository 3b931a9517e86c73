using Pytti.Models.Clip;
using Pytti.Torch;
using TorchSharp;

namespace Pytti.Models.Tests.Clip;

/// <summary>
/// The entry the CLI's score command still calls with wrapper tensors gives exactly what its TorchSharp form gives.
/// It goes when the CLI is on TorchSharp types.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class WrapperBoundaryTests
{
    [Fact]
    public void Ensemble_scores_are_the_same_from_wrapper_tensors()
    {
        using var ensemble = new PerceptorEnsemble([PerceptorTests.Load()]);
        using var scope = LibTorch.NewDisposeScope();
        var images = new[] { Tensor.Rand([1, 3, 70, 64]), Tensor.Rand([1, 3, 64, 64]) };
        string[] texts = ["a lighthouse", "a diagram"];
        var wrapped = ensemble.CosineSimilarities(images, texts)[0];
        var direct = ensemble.CosineSimilarities([.. images.Select(i => i.Torch)], texts)[0];
        Assert.Equal(direct, wrapped);
        Assert.Equal((2, 2), (wrapped.GetLength(0), wrapped.GetLength(1)));
        Assert.All(wrapped.Cast<double>(), s => Assert.InRange(s, -1.0, 1.0));
    }
}
