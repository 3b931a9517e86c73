using Pytti.Models.Clip;
using Pytti.Testing;
using Pytti.Torch;

namespace Pytti.Models.Tests.Clip;

[Collection(LibTorchCollection.Name)]
public class PerceptorTests
{
    private static Perceptor Load() => new("vit", ClipLoader.Load(SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")),
        ClipTokenizer.Load(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz")));

    [Fact]
    public void Text_embeddings_are_computed_once_per_distinct_prompt()
    {
        using var perceptor = Load();
        var a = perceptor.EncodeText("a lighthouse");
        Assert.Same(a, perceptor.EncodeText("a lighthouse"));
        Assert.NotSame(a, perceptor.EncodeText("a Lighthouse "));   // cache keys are exact texts
        Assert.Equal(2, perceptor.CachedPrompts);
        Assert.Equal([1L, 64L], a.Shape);
    }

    [Fact]
    public void Text_features_equal_the_golden_for_the_same_prompt()
    {
        using var perceptor = Load();
        var golden = Weights.Load(SharedFixtures.Path("fixtures", "clip", "golden_vit.safetensors"));
        try
        {
            using var row = golden["text_features"].Narrow(0, 1, 1);     // "a diagram"
            var expected = row.ToArray<float>();
            var actual = perceptor.EncodeText("a diagram").ToArray<float>();
            // Batch of one instead of three: float32 differences of ~1e-7 (fixture README); the bound is 1e-5.
            for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"[{i}] {expected[i]} vs {actual[i]}");
        }
        finally
        {
            foreach (var t in golden.Values) t.Dispose();
        }
    }

    [Fact]
    public void Preprocess_crops_any_picture_to_the_input_resolution_and_encoding_is_differentiable()
    {
        using var perceptor = Load();
        using var scope = LibTorch.NewDisposeScope();
        var image = Tensor.Rand([1, 3, 90, 150]).RequiresGrad_();
        var x = perceptor.Preprocess(image);
        Assert.Equal([1L, 3L, 64L, 64L], x.Shape);
        var loss = perceptor.EncodeImage(x).Square().Sum();
        var grad = Autograd.Grad([loss], [image])[0]!;
        Assert.Equal(image.Shape, grad.Shape);
        Assert.True(grad.Abs().Sum().Item() > 0);
    }

    [Fact]
    public void Normalize_uses_clip_mean_and_std()
    {
        using var perceptor = Load();
        using var scope = LibTorch.NewDisposeScope();
        var grey = Tensor.Full([1, 3, 1, 1], 0.48145466);
        var n = perceptor.Normalize(grey).ToArray<float>();
        Assert.Equal(0f, n[0], 6);
        Assert.Equal((0.48145466 - 0.4578275) / 0.26130258, n[1], 5);
    }
}
