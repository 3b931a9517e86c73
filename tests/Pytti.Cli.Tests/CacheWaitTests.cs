using Pytti.Cli;
using Pytti.Engine.Rendering;
using Pytti.Pipeline.Rendering;

namespace Pytti.Cli.Tests;

/// <summary>
/// Two renders of one scene on one cache: the second says on standard error that it waits for the cache, and for whom
/// (pid, host, the first render's scene, since when), then finds every frame cached once the first is done. The first
/// render holds the lock for as long as the test wants (it stops at its first step), so nothing depends on timing.
/// </summary>
public sealed class CacheWaitTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-cache-wait-");
    private string Scene => Path.Combine(_dir.FullName, "wait.pytti.yaml");
    private string Cache => Path.Combine(_dir.FullName, "cache");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task A_render_waiting_for_the_cache_lock_says_for_whom_and_then_renders_nothing()
    {
        var store = TinyCliRenders.Store(_dir.FullName);
        File.WriteAllText(Scene, TinyCliRenders.Scene("a lighthouse", stepsPerScene: 2, seed: 5));
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => RenderJob.Run(new RenderRequest(Scene)
        {
            ModelsDirectory = store, Offline = true, CacheDirectory = Cache, OutputDirectory = Path.Combine(_dir.FullName, "first"), WorkingDirectory = _dir.FullName,
        }, new HoldAtFirstStep(holding, release)));
        Assert.True(holding.Wait(TimeSpan.FromMinutes(2)), "the first render never reached its first step");

        var (output, error) = (new StringWriter(), new StringWriter());
        var synchronised = TextWriter.Synchronized(error);
        var env = CliEnvironment.Capture(output, error, _dir.FullName) with { Error = synchronised };
        string Text() { lock (synchronised) return error.ToString(); }   // the synchronised writer locks itself around each write
        var second = Task.Run(() => PyttiApp.Run(["render", Scene, "--offline", "--models-dir", store, "--cache", Cache, "-o", Path.Combine(_dir.FullName, "second")], env));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!Text().Contains("waiting for the cache", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !second.IsCompleted) await Task.Delay(50);
        release.Set();
        await first.WaitAsync(TimeSpan.FromMinutes(2));
        var exit = await second.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, Text() + output);
        var wait = Assert.Single(Text().Split('\n'), l => l.Contains("waiting for the cache", StringComparison.Ordinal));
        Assert.True(wait.StartsWith($"pytti: waiting for the cache {Cache}, in use by pid {Environment.ProcessId} on {Environment.MachineName} (pytti render {Scene}) since ", StringComparison.Ordinal), wait);
        Assert.Matches(@"since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", wait.TrimEnd());
        Assert.Contains("0 rendered, 1 cached", output.ToString());
    }

    /// <summary>Stops the render inside its first step (holding the cache lock) until the test releases it.</summary>
    private sealed class HoldAtFirstStep(ManualResetEventSlim holding, ManualResetEventSlim release) : IRenderProgress
    {
        public void Started(string scene, long totalSteps, string outputDirectory) { }

        public void Step(StepRecord record)
        {
            holding.Set();
            release.Wait();
        }

        public void Saved(RenderedFrame frame) { }
    }
}
