using Pytti.Models.Clip;
using Pytti.Torch;
using TorchSharp;

namespace Pytti.Models.Tests.Clip;

/// <summary>
/// The entries the engine, pipeline and CLI still call with wrapper tensors give exactly what their TorchSharp forms give,
/// and leave no tensor behind. They go when the engine is on TorchSharp types.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class WrapperBoundaryTests
{
    [Fact]
    public void Perceptor_entries_equal_their_torchsharp_forms_bit_for_bit()
    {
        using var perceptor = PerceptorTests.Load();
        var wrappedText = perceptor.EncodeText("a lighthouse");
        Assert.Same(wrappedText, perceptor.EncodeText("a lighthouse"));
        Assert.Equal(perceptor.TextEmbedding("a lighthouse").data<float>().ToArray(), wrappedText.ToArray<float>());
        var before = (Tensor.LiveCount, TorchLiveTensors.Count());
        using (var scope = LibTorch.NewDisposeScope())
        {
            var picture = Tensor.Rand([1, 3, 90, 150]);
            var images = Tensor.Rand([2, 3, 64, 64]);
            var wrapped = perceptor.EncodeImage(perceptor.Preprocess(picture));
            Assert.Equal(Direct(() => perceptor.EncodeImage(perceptor.Preprocess(picture.Torch))), wrapped.ToArray<float>());
            Assert.Equal(Direct(() => perceptor.Normalize(images.Torch)), perceptor.Normalize(images).ToArray<float>());
            Assert.Equal(Direct(() => SphericalDistance.Compute(wrapped.Torch, wrappedText.Torch)), SphericalDistance.Compute(wrapped, wrappedText).ToArray<float>());
        }
        Assert.Equal(before, (Tensor.LiveCount, TorchLiveTensors.Count()));
    }

    /// <summary>The values of a TorchSharp computation, its tensors disposed (no wrapper call inside its scope).</summary>
    private static float[] Direct(Func<torch.Tensor> compute)
    {
        using var scope = torch.NewDisposeScope();
        return compute().detach().data<float>().ToArray();
    }

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
