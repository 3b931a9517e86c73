using Pytti.Models.Clip;
using Pytti.Testing;
using Pytti.Torch;
using Pytti.Torch.NN;
using TorchSharp;

namespace Pytti.Models.Tests.Clip;

/// <summary>
/// OpenCLIP's ViT checkpoints: their key layout loads, and the MLPs use exact GELU (open_clip's <c>ViT-B-32</c> config,
/// <c>nn.GELU</c>) where OpenAI's use QuickGELU. Features of the same weights agree within 1e-5 whichever layout they come in.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class OpenClipModelTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-openclip-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string WriteCheckpoint()
    {
        var path = Path.Combine(_dir.FullName, "open_clip_model.safetensors");
        OpenClipCheckpoint.Write(path);
        return path;
    }

    [Fact]
    public void The_openclip_layout_is_openais_without_the_archive_scalars_and_is_what_the_model_holds()
    {
        var path = WriteCheckpoint();
        var openAi = Weights.LoadTorch(OpenClipCheckpoint.OpenAiArchive);
        var openClip = Weights.LoadTorch(path);
        try
        {
            Assert.Equal(openAi.Keys.Except(OpenClipCheckpoint.ArchiveOnlyKeys).Order(), openClip.Keys.Order());
            Assert.All(OpenClipCheckpoint.ArchiveOnlyKeys, k => Assert.Contains(k, openAi.Keys));
            using var model = ClipLoader.Load(path, ClipActivation.Gelu);
            Assert.Equal(openClip.Keys.Order(), model.state_dict().Keys.Order());   // no causal mask among them
        }
        finally
        {
            openAi.DisposeAll();
            openClip.DisposeAll();
        }
    }

    [Fact]
    public void Gelu_features_equal_the_same_weights_from_openais_layout_and_differ_from_quickgelu()
    {
        var path = WriteCheckpoint();
        var golden = Weights.LoadTorch(SharedFixtures.Path("fixtures", "clip", "golden_vit.safetensors"));
        try
        {
            using var openClip = ClipLoader.Load(path, ClipActivation.Gelu);
            using var openAiLayout = ClipLoader.Load(OpenClipCheckpoint.OpenAiArchive, ClipActivation.Gelu);
            using var quick = ClipLoader.Load(path);
            Assert.Equal(ClipActivation.Gelu, openClip.Config.Activation);
            var baseline = TorchLiveTensors.Count();
            using (var scope = torch.NewDisposeScope())
            {
                var (images, tokens) = (golden["images"], golden["text_tokens"]);
                var image = Values(openClip.EncodeImage(images));
                var text = Values(openClip.EncodeText(tokens));
                Assert.True(MaxDifference(image, Values(openAiLayout.EncodeImage(images))) <= 1e-5);
                Assert.True(MaxDifference(text, Values(openAiLayout.EncodeText(tokens))) <= 1e-5);
                // QuickGELU on the same weights is OpenAI's golden; exact GELU must be measurably elsewhere (100x the tolerance).
                Assert.True(MaxDifference(Values(golden["image_features"]), Values(quick.EncodeImage(images))) <= 1e-5);
                Assert.True(MaxDifference(image, Values(golden["image_features"])) > 1e-3);
                Assert.True(MaxDifference(text, Values(golden["text_features"])) > 1e-3);
            }
            Assert.Equal(baseline, TorchLiveTensors.Count());
        }
        finally
        {
            golden.DisposeAll();
        }
    }

    /// <summary>Each MLP activation against its formula computed independently in float64: 0.5·x·(1 + erf(x/√2)) and x·σ(1.702·x).</summary>
    [Theory]
    [InlineData(ClipActivation.Gelu)]
    [InlineData(ClipActivation.QuickGelu)]
    public void The_mlp_applies_its_activation_exactly(ClipActivation activation)
    {
        torch.manual_seed(7);
        using var mlp = new ClipMlp(16, activation);
        var p = mlp.named_parameters().ToDictionary(kv => kv.name, kv => (torch.Tensor)kv.parameter);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(5, 16) * 3;
        var actual = Values(mlp.call(x));

        static torch.Tensor F64(torch.Tensor t) => t.to(torch.float64);
        var h = torch.nn.functional.linear(F64(x), F64(p["c_fc.weight"]), F64(p["c_fc.bias"]));
        var a = activation == ClipActivation.Gelu
            ? h * 0.5 * ((h / Math.Sqrt(2)).erf() + 1)
            : h * (h * 1.702).sigmoid();
        var expected = Values(torch.nn.functional.linear(a, F64(p["c_proj.weight"]), F64(p["c_proj.bias"])).to(torch.float32));
        Assert.True(MaxDifference(expected, actual) <= 1e-5, $"max difference {MaxDifference(expected, actual)}");
    }

    private static float[] Values(torch.Tensor t) => t.detach().contiguous().data<float>().ToArray();

    private static double MaxDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }
}
