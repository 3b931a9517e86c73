using Pytti.Models.Clip;
using Pytti.Testing;
using Pytti.Torch;

namespace Pytti.Models.Tests.Clip;

/// <summary>Nothing is fixed to the fixture sizes: other depths, widths and patch sizes load from their weights alone.</summary>
[Collection(LibTorchCollection.Name)]
public class ClipArchitectureTests
{
    public static TheoryData<string> Configs() => ["vit", "resnet"];

    private static ClipConfig Make(string kind) => kind == "vit"
        ? new ClipConfig(EmbedDim: 48, ImageResolution: 32, VisionLayers: [3], VisionWidth: 128, VisionPatchSize: 8,
            ContextLength: 77, VocabSize: 49408, TransformerWidth: 128, TransformerHeads: 2, TransformerLayers: 3)
        : new ClipConfig(EmbedDim: 40, ImageResolution: 96, VisionLayers: [2, 1, 1, 2], VisionWidth: 16, VisionPatchSize: null,
            ContextLength: 77, VocabSize: 49408, TransformerWidth: 64, TransformerHeads: 1, TransformerLayers: 1);

    [Theory]
    [MemberData(nameof(Configs))]
    public void A_model_of_other_dimensions_round_trips_through_a_file_and_runs(string kind)
    {
        var config = Make(kind);
        var dir = Directory.CreateTempSubdirectory("pytti-clip-");
        try
        {
            var path = Path.Combine(dir.FullName, "model.safetensors");
            LibTorch.ManualSeed(1);
            using (var original = new ClipModel(config))
                Weights.SaveSafeTensors(path, original.StateDict());
            using var loaded = ClipLoader.Load(path);
            Assert.Equal(config with { VisionLayers = loaded.Config.VisionLayers }, loaded.Config);
            Assert.Equal(config.VisionLayers, loaded.Config.VisionLayers);
            using var scope = LibTorch.NewDisposeScope();
            var images = Tensor.RandN([2, 3, config.ImageResolution, config.ImageResolution]);
            Assert.Equal([2L, config.EmbedDim], loaded.EncodeImage(images).Shape);
            var tokens = Tensor.Zeros([1, 77], DType.Int64);
            Assert.Equal([1L, config.EmbedDim], loaded.EncodeText(tokens).Shape);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_checkpoint_that_is_not_clip_is_named_with_what_is_missing()
    {
        var path = SharedFixtures.Path("fixtures", "vqgan", "tiny_vqgan.ckpt");
        var e = Assert.Throws<ClipLoadException>(() => ClipLoader.Load(path));
        Assert.Contains("tiny_vqgan.ckpt", e.Message);
        Assert.Contains("'text_projection'", e.Message);
    }

    [Fact]
    public void A_damaged_checkpoint_names_the_offending_key()
    {
        var weights = Weights.Load(SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.safetensors"));
        try
        {
            weights["visual.ln_post.weight"].Dispose();
            weights["visual.ln_post.weight"] = Tensor.Ones([3]);
            var e = Assert.Throws<ClipLoadException>(() => ClipLoader.FromStateDict(weights, source: "damaged.pt"));
            Assert.Contains("damaged.pt", e.Message);
            Assert.Contains("visual.ln_post.weight", e.Message);
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
    }

    [Fact]
    public void Spherical_distance_is_twice_the_squared_half_angle()
    {
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.From([1f, 0f], 1, 2);
        var y = Tensor.From([0f, 3f], 1, 2);          // 90 degrees apart, any length
        var d = SphericalDistance.Compute(x, y).Item();
        Assert.Equal(2 * Math.Pow(Math.PI / 4, 2), d, 5);
        Assert.Equal(0.0, SphericalDistance.Compute(x, x * 5).Item(), 6);
    }
}
