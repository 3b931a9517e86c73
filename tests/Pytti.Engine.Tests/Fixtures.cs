using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Scenes;
using Pytti.Testing;
using TorchSharp;

namespace Pytti.Engine.Tests;

internal static class Fixtures
{
    public static ClipTokenizer Tokenizer { get; } = ClipTokenizer.Load(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"));

    public static PerceptorEnsemble TinyVit() =>
        new([new Perceptor("tiny_vit_b", ClipLoader.Load(SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")), Tokenizer)]);

    /// <summary>A scene document from YAML text (written to a temp file so paths resolve).</summary>
    public static SceneDocument Scene(string yaml)
    {
        var dir = Directory.CreateTempSubdirectory("pytti-engine-");
        var path = Path.Combine(dir.FullName, "scene.pytti.yaml");
        File.WriteAllText(path, yaml);
        var result = SceneLoader.Load(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Document!;
    }

    /// <summary>
    /// Renders a scene with the tiny ViT at the scene's size and records it; <paramref name="inspect"/>
    /// sees the image model before the run.
    /// </summary>
    public static RenderRecorder Render(SceneDocument doc, RenderAssets assets, EngineState? resume = null, int captureFrame = -1,
        Action<ImageModel>? inspect = null)
    {
        using var ensemble = TinyVit();
        return Render(doc, ensemble, assets, resume, captureFrame, inspect);
    }

    /// <summary>As <see cref="Render(SceneDocument, RenderAssets, EngineState?, int, Action{ImageModel}?)"/> with the caller's perceptors.</summary>
    public static RenderRecorder Render(SceneDocument doc, PerceptorEnsemble ensemble, RenderAssets assets, EngineState? resume = null,
        int captureFrame = -1, Action<ImageModel>? inspect = null)
    {
        using var model = ImageModelFactory.Create(doc, doc.Values.Width, doc.Values.Height);
        inspect?.Invoke(model);
        using var renderer = new StillRenderer(doc, ensemble, model, assets);
        var recorder = new RenderRecorder(captureFrame);
        renderer.Run(recorder, resume);
        return recorder;
    }

    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
