using Pytti.Models.Clip;
using Pytti.Testing;
using Pytti.Torch;
using Pytti.Torch.NN;
using TorchSharp;

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
            torch.manual_seed(1);
            using (var original = new ClipModel(config))
                SaveSafeTensors(path, original.state_dict());
            using var loaded = ClipLoader.Load(path);
            Assert.Equal(config with { VisionLayers = loaded.Config.VisionLayers }, loaded.Config);
            Assert.Equal(config.VisionLayers, loaded.Config.VisionLayers);
            using var scope = torch.NewDisposeScope();
            var images = torch.randn(2, 3, config.ImageResolution, config.ImageResolution);
            Assert.Equal([2L, config.EmbedDim], loaded.EncodeImage(images).shape);
            var tokens = torch.zeros([1, 77], torch.ScalarType.Int64);
            Assert.Equal([1L, config.EmbedDim], loaded.EncodeText(tokens).shape);
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
        var weights = Weights.LoadTorch(SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.safetensors"));
        try
        {
            weights["visual.ln_post.weight"].Dispose();
            weights["visual.ln_post.weight"] = torch.ones(3);
            var e = Assert.Throws<ClipLoadException>(() => ClipLoader.FromStateDict(weights, source: "damaged.pt"));
            Assert.Contains("damaged.pt", e.Message);
            Assert.Contains("visual.ln_post.weight", e.Message);
        }
        finally
        {
            weights.DisposeAll();
        }
    }

    /// <summary>The module's parameter and buffer names are the checkpoint's keys, the archive's three integer entries aside.</summary>
    [Theory]
    [InlineData("tiny_vit_b.pt")]
    [InlineData("tiny_rn.pt")]
    public void State_dict_keys_are_the_checkpoint_keys(string checkpoint)
    {
        var path = SharedFixtures.Path("fixtures", "clip", checkpoint);
        var weights = Weights.LoadTorch(path);
        try
        {
            using var model = ClipLoader.Load(path);
            Assert.Equal(weights.Keys.Except(["input_resolution", "context_length", "vocab_size"]).Order(), model.state_dict().Keys.Order());
        }
        finally
        {
            weights.DisposeAll();
        }
    }

    private static void SaveSafeTensors(string path, IDictionary<string, torch.Tensor> stateDict) =>
        Weights.SaveSafeTensors(path, stateDict.ToDictionary());

    [Fact]
    public void Spherical_distance_is_twice_the_squared_half_angle()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1f, 0f }, [1, 2]);
        var y = torch.tensor(new[] { 0f, 3f }, [1, 2]);   // 90 degrees apart, any length
        Assert.Equal(2 * Math.Pow(Math.PI / 4, 2), SphericalDistance.Compute(x, y).item<float>(), 5);
        Assert.Equal(0.0, SphericalDistance.Compute(x, x * 5).item<float>(), 6);
    }
}
