using Pytti.Models.Tests.Clip;
using Pytti.Models.Vqgan;
using static TorchSharp.torch;

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
        var keys = model.state_dict();
        Assert.Equal([16L, 8, 1, 1], keys["quantize.proj.weight"].shape);
        Assert.Equal([16L], keys["quantize.proj.bias"].shape);
        Assert.Equal([16L, 8], keys["quantize.embed.weight"].shape);
        Assert.DoesNotContain("quantize.embedding.weight", keys.Keys);
        Assert.True(model.IsGumbel);
        Assert.Equal(0.15, model.DefaultLearningRate);
        // the codebook is the module's own parameter
        using (var noGrad = no_grad()) keys["quantize.embed.weight"].fill_(0.5);
        Assert.All(TorchGolden.Floats(model.Quantizer.Codebook), v => Assert.Equal(0.5f, v));
    }

    [Fact]
    public void A_model_built_without_a_checkpoint_starts_finite_with_pytorch_s_group_norms()
    {
        using var model = new VqganModel(GumbelConfig());
        var norms = model.state_dict().Where(kv => kv.Key.Split('.')[^2].StartsWith("norm", StringComparison.Ordinal)).ToList();
        Assert.Equal(27 * 2, norms.Count);   // the fixture architecture: 11 GroupNorms in the encoder, 16 in the decoder
        Assert.All(norms, kv => Assert.All(TorchGolden.Floats(kv.Value), v => Assert.Equal(kv.Key.EndsWith(".weight", StringComparison.Ordinal) ? 1f : 0f, v)));
        Assert.All(model.parameters(), p => Assert.All(TorchGolden.Floats(p), v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void Encoding_samples_codebook_rows_reproducibly_under_a_generator()
    {
        using var model = new VqganModel(GumbelConfig());
        model.eval();
        var before = TorchLiveTensors.Count();
        using (var scope = NewDisposeScope())
        {
            var image = rand([1, 3, 16, 16], generator: new Generator(1)) * 2.0 - 1.0;
            var first = model.EncodeQuantized(image, new Generator(42));
            var again = model.EncodeQuantized(image, new Generator(42));
            Assert.Equal(TorchGolden.Longs(first.Indices), TorchGolden.Longs(again.Indices));
            Assert.Equal([64L], first.Indices.shape);
            Assert.All(TorchGolden.Longs(first.Indices), i => Assert.InRange(i, 0, 15));
            var rows = model.GetCodebookEntry(first.Indices, [1, 8, 8, 8]);
            TorchGolden.Close(rows, first.Quantized, 1e-6, "sampled rows");
            Assert.True(double.IsFinite(first.Loss.item<float>()));
        }
        Assert.Equal(before, TorchLiveTensors.Count());
    }

    [Fact]
    public void Hard_samples_are_one_hot_with_the_soft_gradient()
    {
        using var scope = NewDisposeScope();
        var logits = randn([2, 5, 3, 3], generator: new Generator(3)).requires_grad_();
        var sample = GumbelSoftmax.Hard(logits, 1.0, dim: 1, new Generator(4));
        Assert.All(TorchGolden.Floats(sample.sum(1)), s => Assert.Equal(1f, s, 1e-6f));
        Assert.All(TorchGolden.Floats(sample), v => Assert.True(Math.Abs(v) < 1e-6 || Math.Abs(v - 1) < 1e-6));
        var weights = randn([2, 5, 3, 3], generator: new Generator(5));
        var grad = autograd.grad([(sample * weights).sum()], [logits])[0];
        Assert.True(grad.abs().max().item<float>() > 0);
    }

    [Fact]
    public void A_gumbel_checkpoint_loads_through_its_yaml()
    {
        var dir = Directory.CreateTempSubdirectory("vqgan-gumbel-").FullName;
        try
        {
            using var original = new VqganModel(GumbelConfig());
            var weights = original.state_dict();
            using var lossWeight = zeros(3);
            weights["loss.perceptual_loss.scaling_layer.shift"] = lossWeight;
            TorchSharp.PyBridge.Safetensors.SaveStateDict(Path.Combine(dir, "openimages.ckpt"), weights);
            var yaml = File.ReadAllText(VqganFixture.Config).Replace("taming.models.vqgan.VQModel", "taming.models.vqgan.GumbelVQ");
            File.WriteAllText(Path.Combine(dir, "openimages.yaml"), yaml);

            using var loaded = VqganModel.Load(Path.Combine(dir, "openimages.ckpt"), Path.Combine(dir, "openimages.yaml"));
            Assert.True(loaded.IsGumbel);
            Assert.Equal(TorchGolden.Floats(original.Quantizer.Codebook), TorchGolden.Floats(loaded.Quantizer.Codebook));
            Assert.Equal(TorchGolden.Floats(original.state_dict()["quantize.proj.weight"]), TorchGolden.Floats(loaded.state_dict()["quantize.proj.weight"]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
