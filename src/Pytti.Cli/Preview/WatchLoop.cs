using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Cli.Preview;

/// <summary>
/// <c>pytti watch</c>'s loop: render every scene through the frame cache (unchanged frames come back at
/// once), then again after each save, until cancelled. A scene or render error shows, located, on the
/// page and in the terminal while the last good result stays on the page; the Stop button ends the
/// current render and watching goes on.
/// </summary>
internal sealed class WatchLoop(CliEnvironment env, PreviewSession session, IReadOnlyList<RenderRequest> requests)
{
    public async Task<int> RunAsync(SceneChanges changes, CancellationToken cancel)
    {
        try
        {
            while (true)
            {
                foreach (var request in requests) RenderOnce(request, cancel);
                env.Out.WriteLine("Watching for changes (Ctrl+C ends).");
                var changed = await changes.NextAsync(cancel).ConfigureAwait(false);
                env.Out.WriteLine($"{changed} changed.");
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return PyttiApp.ExitOk;
        }
    }

    private void RenderOnce(RenderRequest request, CancellationToken cancel)
    {
        session.NextRun();
        session.Begin(request.ScenePath);
        try
        {
            var result = RenderJob.Run(request, session.Wrap(new WatchProgress(env)), session.Token);
            session.State.Finished(result);
            env.Out.WriteLine($"{result.FramesRendered} rendered, {result.FramesCached} cached (frames); {result.Frames.Count} image(s) in {result.OutputDirectory}");
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            session.State.Ended("stopped");
            env.Error.WriteLine("pytti: render stopped from the preview page; frames already written are kept.");
        }
        catch (SceneException e) { Failed(string.Join("\n", e.Diagnostics)); }
        catch (RenderException e) { Failed($"{request.ScenePath}: error {e.Code}: {e.Message}"); }
        catch (MediaException e) { Failed($"{request.ScenePath}: error {CliErrorCodes.Media}: {e.Message}"); }
    }

    private void Failed(string error)
    {
        session.State.Ended("error", error);
        env.Out.WriteLine(error);
    }

    /// <summary>A line when a render starts and how many frames the cache holds; the page shows the rest.</summary>
    private sealed class WatchProgress(CliEnvironment env) : IRenderProgress
    {
        public void Started(string scene, long totalSteps, string outputDirectory) => env.Out.WriteLine($"Rendering {scene}: {totalSteps} steps → {outputDirectory}");

        public void Step(Pytti.Engine.Rendering.StepRecord record) { }

        public void Saved(RenderedFrame frame) { }

        public void Planned(int cachedFrames, int totalFrames) => env.Out.WriteLine($"{cachedFrames} of {totalFrames} frame(s) are in the cache.");

        public void Warning(RenderWarning warning) => Commands.Notices.Write(env.Error, warning.ToString());
    }
}
