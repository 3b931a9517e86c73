using Pytti.Engine.Rendering;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>What the pipeline render tests share: an empty model store, and a progress recorder.</summary>
internal static class TinyRenders
{
    /// <summary>
    /// The path of an empty model store under <paramref name="directory"/>: renders whose models are local files
    /// need nothing from it (the CLIP vocabulary ships inside the product).
    /// </summary>
    public static string Store(string directory) => Path.Combine(directory, "store");

    /// <summary>
    /// An offline request to render a tiny copy of <c>examples/hello</c> in <paramref name="directory"/> (16x16, two steps)
    /// with the models of <paramref name="store"/>, plus <paramref name="overrides"/>.
    /// </summary>
    public static RenderRequest Hello(string directory, string store, params string[] overrides)
    {
        var scene = Path.Combine(directory, "hello.pytti.yaml");
        File.Copy(Path.Combine(SharedFixtures.RepoRoot, "examples", "hello", "hello.pytti.yaml"), scene, overwrite: true);
        return Offline(scene, directory, store) with { Overrides = ["width=16", "height=16", "steps_per_scene=2", "save_every=1", "cutouts=2", .. overrides] };
    }

    /// <summary>An offline request to render <paramref name="scene"/> from <paramref name="directory"/> into its <c>out</c> folder with the models of <paramref name="store"/>.</summary>
    public static RenderRequest Offline(string scene, string directory, string store) => new(scene)
    {
        ModelsDirectory = store,
        Offline = true,
        OutputDirectory = Path.Combine(directory, "out"),
        WorkingDirectory = directory,
    };
}

/// <summary>Counts steps and keeps the saved frames a render reports.</summary>
internal sealed class RecordingProgress : IRenderProgress
{
    public int Steps { get; private set; }
    public List<RenderedFrame> Frames { get; } = [];
    public List<RenderWarning> Warnings { get; } = [];
    public List<string> Waits { get; } = [];
    public Action<string>? OnWaiting { get; init; }
    /// <summary>Called after each step with the number of steps so far.</summary>
    public Action<int>? OnStep { get; init; }
    public void Warning(RenderWarning warning) => Warnings.Add(warning);
    public void Waiting(string message)
    {
        Waits.Add(message);
        OnWaiting?.Invoke(message);
    }
    public void Started(string scene, long totalSteps, string outputDirectory) { }
    public void Step(StepRecord record)
    {
        Steps++;
        OnStep?.Invoke(Steps);
    }
    public void Saved(RenderedFrame frame) => Frames.Add(frame);
}
