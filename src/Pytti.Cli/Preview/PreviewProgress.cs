using Pytti.Engine.Rendering;
using Pytti.Models.Store;
using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;

namespace Pytti.Cli.Preview;

/// <summary>Passes every report on to the console's progress and copies what the page shows into <see cref="PreviewState"/>.</summary>
internal sealed class PreviewProgress(IRenderProgress inner, PreviewState state) : IRenderProgress
{
    public bool WantsDisplay => true;

    public void Displayed(long step, RgbImage image) => state.Displayed(image);

    public void Started(string scene, long totalSteps, string outputDirectory)
    {
        state.Started(totalSteps);
        inner.Started(scene, totalSteps, outputDirectory);
    }

    public void Step(StepRecord record)
    {
        state.Step(record);
        inner.Step(record);
    }

    public void Saved(RenderedFrame frame)
    {
        state.Saved(frame);
        inner.Saved(frame);
    }

    public void Planned(int cachedFrames, int totalFrames) => inner.Planned(cachedFrames, totalFrames);

    public void Warning(RenderWarning warning) => inner.Warning(warning);

    public void Waiting(string message) => inner.Waiting(message);

    public void Downloading(DownloadProgress report) => inner.Downloading(report);
}
