using System.CommandLine;
using System.Text.Json;
using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Models.Store;
using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;
using Pytti.Scenes.Diagnostics;
using Spectre.Console;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti render FILE [key=value]... [--set key=value]... [--config-dir DIR] [--models-dir DIR] [--device cpu|cuda:N] [--output DIR] [--json] [--preview[=PORT]]</c>:
/// renders a scene with a progress bar (steps, loss, ETA) and a final summary, and the live preview page when asked.
/// </summary>
internal sealed class RenderCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var tokens = SceneArguments.Tokens();
        var set = ScenesOptions.Set();
        var configDir = SceneArguments.ConfigDir();
        var modelsDir = new Option<string?>("--models-dir") { Description = $"Model store folder (default: the scene's models_parent_dir, else ${ModelStore.RootEnvironmentVariable}, else ~/.cache/pytti)." };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N (default: the scene's device)." };
        var output = new Option<string?>("--output", "-o") { Description = "Output folder (default: the build's, for a scene in a content project; else images_out/<file_namespace>)." };
        var offline = new Option<bool>("--offline") { Description = "Never download models; fail with where to place missing files." };
        var cache = new Option<string?>("--cache") { Description = "Frame cache folder (default: the build's, for a scene in a content project; else .pytti/cache)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON event per line instead of a progress bar." };
        var clock = new Option<string?>("--clock") { Description = "The time ${now:...} and seed: null read: an ISO 8601 time (2026-12-07T06:27:52.123456+00:00, as the manifest's \"clock\" records it) or 'now' for a new one (default: the clock the scene's lock file recorded, so a render repeats; else now)." };
        var check = new Option<int>("--check") { Description = "After rendering, re-render N cached frames and report any that no longer give the same bytes (exit 1 on drift)." };
        var command = new Command("render", "Render a scene file to PNG frames, a loss log, a manifest and a video; frames already in the cache are not rendered again.")
        {
            tokens, set, configDir, modelsDir, device, output, offline, cache, clock, json, check,
        };
        SceneArguments.Require(command, tokens, configDir);
        var remote = new RemoteCacheArguments();
        remote.AddTo(command);
        var preview = new Preview.PreviewCommandLine();
        foreach (var option in preview.Options) command.Options.Add(option);
        command.SetAction((parse, cancel) =>
        {
            var request = Request(env, parse, tokens, set, configDir);
            request = ContentProject.WithFolders(request with
            {
                WorkingDirectory = env.WorkingDirectory,
                ModelsDirectory = parse.GetValue(modelsDir),
                Device = parse.GetValue(device),
                Offline = parse.GetValue(offline),
                RemoteCache = remote.Resolve(parse),
                Clock = RenderClock.Parse(parse.GetValue(clock)),
                DescribeFailure = e => ErrorReport.Describe(e),
            }, parse.GetValue(cache), parse.GetValue(output));
            return Task.FromResult(Preview.PreviewCommandLine.Run(env, preview.Parse(parse), request.ScenePath, cancel,
                (decorate, token) => Run(env, request, parse.GetValue(json), parse.GetValue(check), token, decorate)));
        });
        return command;
    }

    private static RenderRequest Request(CliEnvironment env, ParseResult parse, Argument<string[]> tokens, Option<string[]> set, Option<string?> configDir)
    {
        var (file, overrides) = SceneArguments.Single(env, "render", parse.GetValue(tokens), parse.GetValue(configDir), parse.GetValue(set));
        return new RenderRequest(file) { Overrides = overrides };
    }

    private static int Run(CliEnvironment env, RenderRequest request, bool json, int check, CancellationToken cancel, Func<IRenderProgress, IRenderProgress> decorate)
    {
        try
        {
            var result = json ? RenderJob.Run(request, decorate(new JsonProgress(env.Out, env.Error)), cancel)
                : env.Console.Profile.Capabilities.Interactive ? WithLiveBar(env, request, cancel, decorate)
                : RenderJob.Run(request, decorate(new ConsoleProgress(env)), cancel);
            if (json)
                JsonProgress.Write(env.Out, new
                {
                    @event = "finished", output = result.OutputDirectory, images = result.Frames.Count, rendered = result.FramesRendered,
                    cached = result.FramesCached, manifest = result.ManifestPath, video = result.VideoPath, files = result.Files,
                });
            else Summary(env, result);
            return check > 0 ? Check(env, request, check, json, cancel) : PyttiApp.ExitOk;
        }
        catch (SceneException e)
        {
            ScenesOptions.Write(env.Out, e.Diagnostics);
            env.Out.WriteLine($"{e.Diagnostics.Count} error(s); nothing was rendered.");
            return PyttiApp.ExitUserError;
        }
        catch (OperationCanceledException)
        {
            env.Error.WriteLine("pytti: render interrupted; frames already written are kept.");
            return 130;
        }
    }

    private static int Check(CliEnvironment env, RenderRequest request, int count, bool json, CancellationToken cancel)
    {
        var results = DriftCheck.Run(request, count, cancel);
        foreach (var r in results)
        {
            if (json) JsonProgress.Write(env.Out, new { @event = "check", frame = r.Frame, same = r.Same, differences = r.Differences });
            else if (r.Same) env.Console.MarkupLineInterpolated($"check frame {r.Frame}: [green]same bytes[/]");
            else env.Console.MarkupLineInterpolated($"check frame {r.Frame}: [red]DRIFT[/] in {string.Join(", ", r.Differences)}");
        }
        var drifted = results.Count(r => !r.Same);
        if (!json) env.Console.MarkupLineInterpolated($"{results.Count} frame(s) re-rendered, {drifted} drifted.");
        return drifted > 0 ? PyttiApp.ExitUserError : PyttiApp.ExitOk;
    }

    private static void Summary(CliEnvironment env, RenderResult result)
    {
        env.Console.MarkupLineInterpolated($"[green]{result.FramesRendered} rendered, {result.FramesCached} cached, 0 failed[/] (frames); {result.Frames.Count} image(s) in [bold]{result.OutputDirectory}[/]");
        foreach (var frame in result.Frames) env.Console.MarkupLineInterpolated($"  {Path.GetFileName(frame.Path)}  (step {frame.Step})");
        env.Console.MarkupLineInterpolated($"Manifest: {result.ManifestPath}");
        env.Console.MarkupLineInterpolated($"Losses:   {result.LossLogPath}");
        if (result.VideoPath is { } video) env.Console.MarkupLineInterpolated($"Video:    {video}");
    }

    /// <summary>One JSON object per line (for tools and the MSBuild task).</summary>
    private sealed class JsonProgress(TextWriter output, TextWriter error) : IRenderProgress
    {
        public void Warning(RenderWarning warning) => Notices.Write(error, warning.ToString());

        public void Waiting(string message) => Notices.Write(error, "pytti: " + message);

        public static void Write(TextWriter output, object value)
        {
            output.WriteLine(JsonSerializer.Serialize(value));
            output.Flush();
        }

        public void Started(string scene, long totalSteps, string outputDirectory) =>
            Write(output, new { @event = "started", scene, steps = totalSteps, output = outputDirectory });

        public void Step(StepRecord record) =>
            Write(output, new { @event = "step", step = record.Step, of = record.TotalSteps, scene = record.Scene, loss = Finite(record.Total) });

        public void Saved(RenderedFrame frame) =>
            Write(output, new { @event = "image", index = frame.Index, step = frame.Step, path = frame.Path, sha256 = frame.Sha256 });

        public void Planned(int cachedFrames, int totalFrames) =>
            Write(output, new { @event = "plan", cached = cachedFrames, frames = totalFrames });

        public void Downloading(DownloadProgress report) =>
            Write(output, new { @event = "download", model = report.Source.Name, stage = report.Stage.ToString().ToLowerInvariant(),
                bytes = report.BytesDone, total = report.BytesTotal, url = report.Source.Url.ToString(), message = report.Message });

        private static double? Finite(double v) => double.IsFinite(v) ? v : null;
    }

    /// <summary>In a terminal: a live bar per scene with steps, loss and time remaining.</summary>
    private static RenderResult WithLiveBar(CliEnvironment env, RenderRequest request, CancellationToken cancel, Func<IRenderProgress, IRenderProgress> decorate)
    {
        RenderResult? result = null;
        env.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => result = RenderJob.Run(request, decorate(new LiveProgress(context, env.Error)), cancel));
        return result!;
    }

    private sealed class LiveProgress(ProgressContext context, TextWriter error) : IRenderProgress
    {
        public void Warning(RenderWarning warning) => Notices.Write(error, warning.ToString());

        public void Waiting(string message) => Notices.Write(error, "pytti: " + message);

        private ProgressTask? _task;
        private string _scene = "";

        public void Started(string scene, long totalSteps, string outputDirectory)
        {
            _scene = Markup.Escape(Path.GetFileName(scene));
            _task = context.AddTask(_scene, maxValue: Math.Max(totalSteps, 1));
        }

        public void Step(StepRecord record)
        {
            if (_task is null) return;
            _task.Value = record.Step + 1;
            _task.Description = $"{_scene} step {record.Step + 1}/{record.TotalSteps} loss {record.Total:F4}";
        }

        public void Saved(RenderedFrame frame) { }

        public void Planned(int cachedFrames, int totalFrames)
        {
            if (_task is not null && cachedFrames == totalFrames) _task.Value = _task.MaxValue;   // nothing to render
        }

        private readonly Dictionary<string, ProgressTask> _downloads = [];

        public void Downloading(DownloadProgress report)
        {
            var name = report.Source.Name;
            if (!_downloads.TryGetValue(name, out var task))
            {
                // A bar only for a file that has to be fetched (or waited for); checking one already there is quick.
                if (report.Stage is not (DownloadStage.Downloading or DownloadStage.Waiting)) return;
                _downloads[name] = task = context.AddTask(Markup.Escape(name), maxValue: Math.Max(report.BytesTotal ?? 1, 1));
            }
            task.Description = $"{Markup.Escape(name)} {DownloadText.Stage(report)}";
            if (report.BytesTotal is { } total) task.MaxValue = Math.Max(total, 1);
            task.Value = report.Stage == DownloadStage.Verified ? task.MaxValue : Math.Min(report.BytesDone, task.MaxValue);
        }
    }

    /// <summary>A progress line every tenth of the run (for logs and pipes).</summary>
    private sealed class ConsoleProgress(CliEnvironment env) : IRenderProgress
    {
        public void Warning(RenderWarning warning) => Notices.Write(env.Error, warning.ToString());

        public void Waiting(string message) => Notices.Write(env.Error, "pytti: " + message);

        private long _total;
        private int _lastTenth = -1;
        private DateTime _start;

        public void Started(string scene, long totalSteps, string outputDirectory)
        {
            _total = totalSteps;
            _start = DateTime.UtcNow;
            env.Console.MarkupLineInterpolated($"Rendering [bold]{scene}[/]: {totalSteps} steps → {outputDirectory}");
        }

        public void Step(StepRecord record)
        {
            var done = record.Step + 1;
            var tenth = (int)(done * 10.0 / Math.Max(_total, 1));   // in doubles: 64-bit step counts
            if (tenth == _lastTenth && done != _total) return;
            _lastTenth = tenth;
            var elapsed = DateTime.UtcNow - _start;
            var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / done * (_total - done));
            env.Console.MarkupLineInterpolated($"  step {done}/{_total}  loss {record.Total:F4}  ETA {eta:mm\\:ss}");
        }

        public void Saved(RenderedFrame frame) { }

        public void Planned(int cachedFrames, int totalFrames)
        {
            if (cachedFrames > 0) env.Console.MarkupLineInterpolated($"{cachedFrames} of {totalFrames} frame(s) are in the cache.");
        }

        private (string Model, DownloadStage Stage, long Tenth) _lastDownload;
        private readonly HashSet<string> _fetched = new(StringComparer.Ordinal);

        /// <summary>A line when a model file changes stage, and every tenth of a download; nothing for a file that only needs checking.</summary>
        public void Downloading(DownloadProgress report)
        {
            if (report.Stage is DownloadStage.Verifying or DownloadStage.Verified && !_fetched.Contains(report.Source.Name)) return;
            if (report.Stage is DownloadStage.Downloading or DownloadStage.Waiting) _fetched.Add(report.Source.Name);
            var tenth = report.BytesTotal is > 0 and var total ? report.BytesDone * 10 / total : report.BytesDone >> 26;   // else every 64 MiB
            var key = (report.Source.Name, report.Stage, tenth);
            if (key == _lastDownload) return;
            _lastDownload = key;
            env.Console.MarkupLineInterpolated($"  {report.Source.Name}: {DownloadText.Stage(report)}");
        }
    }
}

/// <summary>Warnings and waits: one line each on the error stream, flushed at once (a wait may be long).</summary>
internal static class Notices
{
    public static void Write(TextWriter error, string line)
    {
        error.WriteLine(line);
        error.Flush();
    }
}

/// <summary>How a model file's download reads in a progress line.</summary>
internal static class DownloadText
{
    public static string Stage(DownloadProgress report) => report.Stage switch
    {
        DownloadStage.Waiting => "waiting for another process fetching it",
        DownloadStage.Verifying => "verifying SHA-256",
        DownloadStage.Downloading => report.BytesTotal is { } total
            ? $"downloading {MiB(report.BytesDone)} of {MiB(total)} MiB from {report.Source.Url.Host}"
            : $"downloading {MiB(report.BytesDone)} MiB from {report.Source.Url.Host}",
        DownloadStage.Verified => "verified",
        DownloadStage.Discarded => report.Message ?? "discarded a file with the wrong digest",
        _ => report.Stage.ToString(),
    };

    private static string MiB(long bytes) => (bytes / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
