using Pytti.Models.Clip;
using Pytti.Testing;
using Pytti.Torch;
using Pytti.Torch.NN;
using TorchSharp;

namespace Pytti.Models.Tests.Clip;

[Collection(LibTorchCollection.Name)]
public class PerceptorTests
{
    internal static Perceptor Load() => new("vit", ClipLoader.Load(SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")),
        ClipTokenizer.Load(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz")));

    [Fact]
    public void Text_embeddings_are_computed_once_per_distinct_prompt()
    {
        using var perceptor = Load();
        var a = perceptor.TextEmbedding("a lighthouse");
        Assert.Same(a, perceptor.TextEmbedding("a lighthouse"));
        Assert.NotSame(a, perceptor.TextEmbedding("a Lighthouse "));   // cache keys are exact texts
        Assert.Equal(2, perceptor.CachedPrompts);
        Assert.Equal([1L, 64L], a.shape);
    }

    [Fact]
    public void Text_features_equal_the_golden_for_the_same_prompt()
    {
        using var perceptor = Load();
        var golden = Weights.LoadTorch(SharedFixtures.Path("fixtures", "clip", "golden_vit.safetensors"));
        try
        {
            using var row = golden["text_features"].narrow(0, 1, 1);     // "a diagram"
            var expected = row.data<float>().ToArray();
            var actual = perceptor.TextEmbedding("a diagram").data<float>().ToArray();
            // Batch of one instead of three: float32 differences of ~1e-7 (fixture README); the bound is 1e-5.
            for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"[{i}] {expected[i]} vs {actual[i]}");
        }
        finally
        {
            golden.DisposeAll();
        }
    }

    [Fact]
    public void Preprocess_crops_any_picture_to_the_input_resolution_and_encoding_is_differentiable()
    {
        using var perceptor = Load();
        using var scope = torch.NewDisposeScope();
        var image = torch.rand(1, 3, 90, 150).requires_grad_();
        var x = perceptor.Preprocess(image);
        Assert.Equal([1L, 3L, 64L, 64L], x.shape);
        var loss = perceptor.EncodeImage(x).square().sum();
        var grad = torch.autograd.grad([loss], [image])[0];
        Assert.Equal(image.shape, grad.shape);
        Assert.True(grad.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Normalize_uses_clip_mean_and_std()
    {
        using var perceptor = Load();
        using var scope = torch.NewDisposeScope();
        var grey = torch.full([1, 3, 1, 1], 0.48145466);
        var n = perceptor.Normalize(grey).data<float>().ToArray();
        Assert.Equal(0f, n[0], 6);
        Assert.Equal((0.48145466 - 0.4578275) / 0.26130258, n[1], 5);
    }

    [Fact]
    public void Steady_state_work_leaves_no_tensor_behind()
    {
        using var perceptor = Load();
        perceptor.TextEmbedding("a lighthouse");                      // the cache's entry stays by design
        var baseline = TorchLiveTensors.Count();
        for (var run = 0; run < 2; run++)
        {
            using var scope = torch.NewDisposeScope();
            var image = torch.rand(2, 3, 64, 64).requires_grad_();
            var features = perceptor.EncodeImage(perceptor.Normalize(image));
            var loss = SphericalDistance.Compute(features, perceptor.TextEmbedding("a lighthouse")).sum();
            loss.backward();
        }
        Assert.Equal(baseline, TorchLiveTensors.Count());
    }
}
