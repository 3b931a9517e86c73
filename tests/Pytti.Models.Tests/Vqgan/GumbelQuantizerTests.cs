using Pytti.Models.Tests.Clip;
using Pytti.Models.Vqgan;
using Pytti.Torch;

namespace Pytti.Models.Tests.Vqgan;

/// <summary>
/// GumbelVQ (the <c>openimages</c> model) on the fixture's architecture with seeded random weights:
/// key layout, hard one-hot sampling, reproducibility under a generator, loading from a checkpoint.
/// (No golden tensors exist for it; taming samples with torch's random stream, which we do not replay.)
/// </summary>
[Collection(LibTorchCollection.Name)]
public class GumbelQuantizerTests
{
    private static VqganConfig GumbelConfig() =>
        VqganConfigReader.Read(VqganFixture.Config) with { Kind = VqganKind.GumbelVQ, KlWeight = 1e-8 };

    [Fact]
    public void Has_taming_s_gumbel_keys_and_pytti_s_learning_rate()
    {
        using var model = new VqganModel(GumbelConfig());
        var keys = model.StateDict();
        Assert.Equal([16L, 8, 1, 1], keys["quantize.proj.weight"].Shape);
        Assert.Equal([16L], keys["quantize.proj.bias"].Shape);
        Assert.Equal([16L, 8], keys["quantize.embed.weight"].Shape);
        Assert.DoesNotContain("quantize.embedding.weight", keys.Keys);
        Assert.True(model.IsGumbel);
        Assert.Equal(0.15, model.DefaultLearningRate);
        Assert.Same(keys["quantize.embed.weight"], model.Codebook);
    }

    [Fact]
    public void Encoding_samples_codebook_rows_reproducibly_under_a_generator()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Tensor.LiveCount;
        using (var model = new VqganModel(GumbelConfig()))
        using (var scope = LibTorch.NewDisposeScope())
        {
            model.Eval();
            var image = Tensor.Rand([1, 3, 16, 16], new Generator(1)) * 2.0 - 1.0;
            var first = model.EncodeQuantized(image, new Generator(42));
            var again = model.EncodeQuantized(image, new Generator(42));
            Assert.Equal(first.Indices.ToArray<long>(), again.Indices.ToArray<long>());
            Assert.Equal([64L], first.Indices.Shape);
            Assert.All(first.Indices.ToArray<long>(), i => Assert.InRange(i, 0, 15));
            var rows = model.GetCodebookEntry(first.Indices, [1, 8, 8, 8]);
            Assert.True((rows - first.Quantized).Abs().Max().Item() < 1e-6);
            Assert.True(double.IsFinite(first.Loss.Item()));
        }
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void Hard_samples_are_one_hot_with_the_soft_gradient()
    {
        using var scope = LibTorch.NewDisposeScope();
        var logits = Tensor.RandN([2, 5, 3, 3], new Generator(3)).RequiresGrad_();
        var sample = GumbelSoftmax.Hard(logits, 1.0, dim: 1, new Generator(4));
        Assert.All(sample.Sum(1).ToFloatArray(), s => Assert.Equal(1f, s, 1e-6f));
        Assert.All(sample.ToFloatArray(), v => Assert.True(Math.Abs(v) < 1e-6 || Math.Abs(v - 1) < 1e-6));
        var weights = Tensor.RandN([2, 5, 3, 3], new Generator(5));
        var grad = Autograd.Grad([(sample * weights).Sum()], [logits])[0]!;
        Assert.True(grad.Abs().Max().Item() > 0);
    }

    [Fact]
    public void A_gumbel_checkpoint_loads_through_its_yaml()
    {
        var dir = Directory.CreateTempSubdirectory("vqgan-gumbel-").FullName;
        try
        {
            using var original = new VqganModel(GumbelConfig());
            var weights = original.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value);
            using var lossWeight = Tensor.Zeros([3]);
            weights["loss.perceptual_loss.scaling_layer.shift"] = lossWeight;
            Weights.SaveSafeTensors(Path.Combine(dir, "openimages.ckpt"), weights);
            var yaml = File.ReadAllText(VqganFixture.Config).Replace("taming.models.vqgan.VQModel", "taming.models.vqgan.GumbelVQ");
            File.WriteAllText(Path.Combine(dir, "openimages.yaml"), yaml);

            using var loaded = VqganModel.Load(Path.Combine(dir, "openimages.ckpt"), Path.Combine(dir, "openimages.yaml"));
            Assert.True(loaded.IsGumbel);
            Assert.Equal(original.Codebook.ToFloatArray(), loaded.Codebook.ToFloatArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
