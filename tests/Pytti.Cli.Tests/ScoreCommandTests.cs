using System.Text.Json;
using Pytti.Cli;
using Pytti.Models.Clip;
using Pytti.Models.Store;
using Pytti.Pipeline.Media;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti score</c> with the fixture CLIP models and the real fixture photographs.</summary>
public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pytti-score-cli", Guid.NewGuid().ToString("N"));
    private static readonly string Vit = SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt");
    private static readonly string Rn = SharedFixtures.Path("fixtures", "clip", "tiny_rn.safetensors");
    private static readonly string Stormy = SharedFixtures.Path("fixtures", "real", "stormy.jpeg");
    private static readonly string Mountain = SharedFixtures.Path("fixtures", "real", "mountain.jpeg");

    public ScoreCommandTests()
    {
        // The tokenizer vocabulary comes through the store, as for users; tests place the fixture copy.
        var vocab = Path.Combine(_root, "clip", OpenAiClipModels.BpeVocabulary.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(vocab)!);
        File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), vocab);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(null, args);

    [Fact]
    public void Json_scores_every_image_with_every_text_per_perceptor_and_their_mean()
    {
        var (exit, output, error) = Run("score", "--image", Stormy, Mountain, "--text", "a stormy sky", "a mountain",
            "--perceptor", Vit, "--perceptor", Rn, "--models-dir", _root, "--offline", "--json");
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(["tiny_vit_b", "tiny_rn"], doc.RootElement.GetProperty("perceptors").EnumerateArray().Select(e => e.GetString()));
        var rows = doc.RootElement.GetProperty("scores").EnumerateArray().ToList();
        Assert.Equal(4, rows.Count);
        var first = rows[0];
        Assert.Equal(Stormy, first.GetProperty("image").GetString());
        Assert.Equal("a stormy sky", first.GetProperty("text").GetString());
        var perPerceptor = first.GetProperty("perceptors").EnumerateArray().Select(p => p.GetProperty("cosine").GetDouble()).ToArray();
        Assert.Equal(perPerceptor.Average(), first.GetProperty("mean").GetDouble(), 12);
        Assert.All(rows.SelectMany(r => r.GetProperty("perceptors").EnumerateArray()), p => Assert.InRange(p.GetProperty("cosine").GetDouble(), -1, 1));

        // The command reports what the library computes for the same inputs.
        var expected = ExpectedCosine(Vit, Stormy, "a stormy sky");
        Assert.Equal(expected, perPerceptor[0], 5);
    }

    [Fact]
    public void Table_lists_perceptors_as_columns()
    {
        var (exit, output, error) = Run("score", "--image", Stormy, "--text", "storm", "--perceptor", Vit, "--models-dir", _root, "--offline");
        Assert.True(exit == 0, error);
        Assert.Contains("tiny_vit_b", output);
        Assert.Contains("storm", output);
        Assert.Contains("Cosine similarity", output);
    }

    [Fact]
    public void Missing_image_is_a_located_user_error()
    {
        var (exit, _, error) = Run("score", "--image", "/nonexistent/picture.png", "--text", "x", "--perceptor", Vit, "--models-dir", _root, "--offline");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI300", error);
        Assert.Contains("/nonexistent/picture.png", error);
    }

    [Fact]
    public void Missing_registered_model_offline_says_what_to_download_and_where()
    {
        var (exit, _, error) = Run("score", "--image", Stormy, "--text", "x", "--perceptor", "ViTB32", "--models-dir", _root, "--offline");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        var source = OpenAiClipModels.All.Single(s => s.Name == "ViTB32");
        Assert.Contains(source.Url.ToString(), error);
        Assert.Contains(source.Sha256, error);
        Assert.Contains(Path.Combine(_root, "clip", source.FileName), error);
    }

    [Fact]
    public void A_checkpoint_that_is_not_clip_is_refused_clearly()
    {
        var vqgan = SharedFixtures.Path("fixtures", "vqgan", "tiny_vqgan.ckpt");
        var (exit, _, error) = Run("score", "--image", Stormy, "--text", "x", "--perceptor", vqgan, "--models-dir", _root, "--offline");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI140", error);
        Assert.Contains("tiny_vqgan.ckpt", error);
    }

    private double ExpectedCosine(string checkpoint, string image, string text)
    {
        var tokenizer = ClipTokenizer.Load(Path.Combine(_root, "clip", OpenAiClipModels.BpeVocabulary.FileName));
        using var perceptor = new Perceptor("p", ClipLoader.Load(checkpoint), tokenizer);
        using var picture = ImageFile.Read(image).ToTensor();
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();
        var features = perceptor.EncodeImage(perceptor.Preprocess(picture));
        var a = TorchSharp.torch.nn.functional.normalize(features, dim: -1);
        var b = TorchSharp.torch.nn.functional.normalize(perceptor.TextEmbedding(text), dim: -1);
        return (a * b).sum().to_type(TorchSharp.torch.ScalarType.Float64).item<double>();
    }
}
