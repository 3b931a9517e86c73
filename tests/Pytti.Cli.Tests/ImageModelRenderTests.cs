using System.Text.Json;
using Pytti.Cli;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// End-to-end renders of 64×64 images with the tiny fixture CLIP for each image model: the files,
/// names, manifest and loss log; same seed → same bytes; another seed → other bytes.
/// </summary>
public sealed class ImageModelRenderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-models-e2e-");

    public ImageModelRenderTests()
    {
        var vocab = Path.Combine(_dir.FullName, "store", "clip", OpenAiClipModels.BpeVocabulary.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(vocab)!);
        File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), vocab);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    public static TheoryData<string, string> Models() => new()
    {
        { "Unlimited Palette", "" },
        { "Limited Palette", "palette_size: 4\npalettes: 3\n" },
        { "VQGAN", $"vqgan_model: {SharedFixtures.Path("fixtures", "vqgan", "tiny_vqgan.ckpt")}\n" },
    };

    private string[] Render(string model, string extra, string seed, string output)
    {
        var scene = Path.Combine(_dir.FullName, $"{output}.pytti.yaml");
        File.WriteAllText(scene, $"""
            scenes: a lighthouse | the sea:0.5
            image_model: {model}
            {extra}
            perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
            width: 64
            height: 64
            steps_per_scene: 3
            steps_per_frame: 3
            pre_animation_steps: 0
            save_every: 2
            cutouts: 2
            seed: {seed}
            file_namespace: e2e
            video_container: none
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = PyttiApp.Run(["render", scene, "--models-dir", Path.Combine(_dir.FullName, "store"), "--offline",
            "-o", Path.Combine(_dir.FullName, output), "--cache", Path.Combine(_dir.FullName, output + "-cache")],
            CliEnvironment.Capture(stdout, stderr, _dir.FullName));
        Assert.True(exit == 0, stderr.ToString() + stdout);
        return Directory.GetFiles(Path.Combine(_dir.FullName, output)).Select(Path.GetFileName).Order().ToArray()!;
    }

    private byte[] Final(string output) => File.ReadAllBytes(Path.Combine(_dir.FullName, output, "e2e_2.png"));

    [Theory]
    [MemberData(nameof(Models))]
    public void Each_image_model_renders_named_files_repeatably_and_the_seed_matters(string model, string extra)
    {
        var files = Render(model, extra, "1", "a");
        var expected = new List<string> { "e2e.log", "e2e_1.png", "e2e_2.png", "e2e_losses.jsonl", "e2e_losses.png", "e2e_manifest.json" };
        if (model == "Limited Palette") expected.Add("e2e_palette.png");
        Assert.Equal(expected.Order(), files);
        var image = Pytti.Pipeline.Media.ImageFile.Read(Path.Combine(_dir.FullName, "a", "e2e_2.png"));
        Assert.Equal((64, 64), (image.Width, image.Height));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.FullName, "a", "e2e_manifest.json")));
        Assert.Equal(model, manifest.RootElement.GetProperty("settings").GetProperty("image_model").GetString());
        Assert.Equal(2, manifest.RootElement.GetProperty("frames").GetArrayLength());
        var log = File.ReadAllLines(Path.Combine(_dir.FullName, "a", "e2e_losses.jsonl"));
        Assert.Equal(3, log.Length);
        Assert.Contains("\"a lighthouse\"", log[0]);
        Assert.Contains("\"the sea\"", log[0]);

        Render(model, extra, "1", "b");
        Assert.Equal(Final("a"), Final("b"));
        Render(model, extra, "2", "c");
        Assert.NotEqual(Final("a"), Final("c"));
    }
}
