using Pytti.Engine.Rendering;
using Pytti.Models.Store;
using Pytti.Scenes.Planning;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Passes every report on to the caller's progress unchanged and writes what the render log keeps: each frame taken from the
/// cache, each frame rendered (at its last step, with that step's losses), warnings, waits and each model file's stages.
/// Frames that a resumed render only replays up to the first dirty one are not logged as rendered: the cache had them.
/// </summary>
internal sealed class LoggingProgress(IRenderProgress inner, RenderLog log, FramePlan plan) : IRenderProgress
{
    private int _firstRendered = int.MaxValue;
    private readonly Dictionary<string, DownloadStage> _stages = new(StringComparer.Ordinal);

    public void Started(string scene, long totalSteps, string outputDirectory) => inner.Started(scene, totalSteps, outputDirectory);

    public void Planned(int cachedFrames, int totalFrames)
    {
        _firstRendered = cachedFrames;
        foreach (var frame in plan.Frames.Take(cachedFrames)) log.Frame(frame.Index, frame.FirstStep, frame.EndStep, last: null);
        inner.Planned(cachedFrames, totalFrames);
    }

    public void Step(StepRecord record)
    {
        var frame = plan.Frames[record.Frame];
        if (record.Frame >= _firstRendered && record.Step + 1 == frame.EndStep) log.Frame(frame.Index, frame.FirstStep, frame.EndStep, record);
        inner.Step(record);
    }

    public void Saved(RenderedFrame frame) => inner.Saved(frame);

    public void Warning(RenderWarning warning)
    {
        log.Warning(warning);
        inner.Warning(warning);
    }

    public void Waiting(string message)
    {
        log.Waiting(message);
        inner.Waiting(message);
    }

    public void Downloading(DownloadProgress report)
    {
        if (!_stages.TryGetValue(report.Source.Name, out var stage) || stage != report.Stage) log.Downloading(report);
        _stages[report.Source.Name] = report.Stage;
        inner.Downloading(report);
    }

    public bool WantsDisplay => inner.WantsDisplay;

    public void Displayed(long step, Media.RgbImage image) => inner.Displayed(step, image);
}
