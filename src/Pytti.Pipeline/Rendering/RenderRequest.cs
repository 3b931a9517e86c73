namespace Pytti.Pipeline.Rendering;

/// <summary>What to render and where: one scene file with its overrides.</summary>
public sealed record RenderRequest(string ScenePath)
{
    public IReadOnlyList<string> Overrides { get; init; } = [];
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;
    /// <summary>Output folder; default <c>images_out/&lt;file_namespace&gt;</c> under the working directory, as PyTTI.</summary>
    public string? OutputDirectory { get; init; }
    /// <summary>Model store; default the scene's <c>models_parent_dir</c>, else <c>PYTTI_MODELS_DIR</c>, else <c>~/.cache/pytti</c>.</summary>
    public string? ModelsDirectory { get; init; }
    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>; default the scene's <c>device</c>.</summary>
    public string? Device { get; init; }
    public bool Offline { get; init; }
    /// <summary>Frame cache; default <c>.pytti/cache</c> under the working directory.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The frame cache this request uses: <see cref="CacheDirectory"/>, else <c>.pytti/cache</c> under the working directory.</summary>
    public string CacheRoot => CacheDirectory ?? Path.Combine(WorkingDirectory, ".pytti", "cache");

    /// <summary>The output folder this request uses for a scene whose <c>file_namespace</c> is <paramref name="fileNamespace"/>.</summary>
    public string OutputFor(string fileNamespace) => OutputDirectory ?? Path.Combine(WorkingDirectory, "images_out", fileNamespace);
    /// <summary>A shared remote frame cache (<c>--remote-cache</c>, <c>PyttiRemoteCache</c>, <c>PYTTI_REMOTE_CACHE</c>); null for none.</summary>
    public Cache.Remote.RemoteCacheOptions? RemoteCache { get; init; }

    /// <summary>
    /// How a failure reads in the render's log: the error code and message the caller reports to the user (the CLI's
    /// translation); null, or a null result, for the code a pipeline exception carries.
    /// </summary>
    public Func<Exception, (string Code, string Message)?>? DescribeFailure { get; init; }

    /// <summary>
    /// The time <c>${now:...}</c> and <c>seed: null</c> read; default the clock recorded in the scene's lock
    /// file by its last render (so renders repeat), else the current time.
    /// </summary>
    public DateTimeOffset? Clock { get; init; }
}

/// <summary>A saved image of a render.</summary>
public sealed record RenderedFrame(long Index, long Step, string Path, string Sha256);

/// <summary>Everything a finished render wrote.</summary>
public sealed record RenderResult(string OutputDirectory, string BaseName, IReadOnlyList<RenderedFrame> Frames, string ManifestPath, string LossLogPath,
    string LossPlotPath, string? VideoPath, int FramesRendered, int FramesCached)
{
    /// <summary>Every file this render's outputs consist of (frames, logs, manifest, video, palette swatch), for build tools.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}

/// <summary>A problem the render worked around, located at <paramref name="File"/>.</summary>
public sealed record RenderWarning(string File, string Code, string Message)
{
    /// <summary>The MSBuild-readable line: <c>file: warning PYTTInnn: message</c>.</summary>
    public override string ToString() => $"{File}: warning {Code}: {Message}";
}

/// <summary>Progress of a render, for progress bars and event streams.</summary>
public interface IRenderProgress
{
    void Started(string scene, long totalSteps, string outputDirectory);
    void Step(Engine.Rendering.StepRecord record);
    void Saved(RenderedFrame frame);

    /// <summary>How many of the scene's frames come from the cache before anything renders.</summary>
    void Planned(int cachedFrames, int totalFrames) { }

    /// <summary>Something went wrong that the render works around (a cache record ignored): <c>file: warning PYTTInnn: message</c>.</summary>
    void Warning(RenderWarning warning) { }

    /// <summary>The render waits (for the cache's lock); the message says for whom.</summary>
    void Waiting(string message) { }

    /// <summary>The model store fetching or verifying a model file the render needs (before <see cref="Started"/>).</summary>
    void Downloading(Pytti.Models.Store.DownloadProgress report) { }

    /// <summary>Whether <see cref="Displayed"/> is wanted (a live preview); the render's outputs are the same either way.</summary>
    bool WantsDisplay => false;

    /// <summary>The image every <c>display_every</c> steps, as PyTTI's notebook shows it (after <paramref name="step"/> steps).</summary>
    void Displayed(long step, Media.RgbImage image) { }
}

/// <summary>Forwards the store's reports to <see cref="IRenderProgress.Downloading"/> on the reporting thread, in order.</summary>
internal sealed class DownloadReports(IRenderProgress progress) : IProgress<Pytti.Models.Store.DownloadProgress>
{
    public void Report(Pytti.Models.Store.DownloadProgress value) => progress.Downloading(value);
}
