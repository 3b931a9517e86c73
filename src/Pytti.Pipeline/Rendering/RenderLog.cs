using System.Globalization;
using Pytti.Models.Store;
using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Media;
using Pytti.Scenes;
using Pytti.Torch;
using Serilog;
using Serilog.Core;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// The render's log file, <c>&lt;output&gt;/&lt;file_namespace&gt;.log</c>, written through Serilog: a start line (scene, seed,
/// device, libtorch, engine revision, clock), a line per frame (<see cref="LoggingProgress"/>), warnings and waits, and an
/// end line: finished, or the error with its code. It opens once the scene is read (its <c>file_namespace</c> names it),
/// so a scene with errors, which renders nothing, writes none. Each line is flushed as it is written and renders append,
/// so an interrupted render leaves every line it wrote, and two renders into one folder interleave whole lines. A log
/// that cannot be written never fails the render.
/// </summary>
internal sealed class RenderLog(RenderRequest request) : IDisposable
{
    private const string Template = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} {Level:u3} {Message:lj}{NewLine}{Exception}";

    private Logger? _logger;

    /// <summary>The log file's path once it is open.</summary>
    public string? Path { get; private set; }

    /// <summary>Opens the log beside the scene's outputs and writes the start line.</summary>
    public void Open(SceneDocument doc)
    {
        var output = request.OutputFor(doc.Values.FileNamespace);
        var path = System.IO.Path.Combine(output, doc.Values.FileNamespace + ".log");
        try
        {
            _logger = new LoggerConfiguration().MinimumLevel.Debug()
                .WriteTo.File(path, outputTemplate: Template, formatProvider: CultureInfo.InvariantCulture, shared: true)
                .CreateLogger();
            Path = path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;   // an output folder that cannot be written fails the render where it writes the outputs, with its own error
        }
        Write(l => l.Information("render started: scene {Scene}; seed {Seed}; device {Device}; libtorch {LibTorch}; engine {Engine}; clock {Clock}; output {Output}; cache {Cache}; pytti {Version}; pid {Pid} on {Host}",
            System.IO.Path.GetFullPath(request.ScenePath, request.WorkingDirectory), Engine.Rendering.RenderSeed.Parse(doc.Values.Seed),
            Device(request.Device ?? doc.Values.Device), LibTorchInfo.Version, FrameKeys.EngineRevision, LockFile.ClockText(doc.Clock) ?? "not read",
            output, request.CacheRoot, typeof(RenderLog).Assembly.GetName().Version, Environment.ProcessId, Environment.MachineName));
    }

    /// <summary>The device the render runs on; as asked when it cannot be used (the render then fails, and its log says why).</summary>
    private static string Device(string asked)
    {
        try
        {
            return RenderDevice.Resolve(asked).ToString();
        }
        catch (RenderException)
        {
            return asked;
        }
    }

    public void Frame(long frame, long firstStep, long endStep, Engine.Rendering.StepRecord? last)
    {
        if (last is null)
            Write(l => l.Information("frame {Frame}: steps {First}..{Last}, cached", frame, firstStep, endStep - 1));
        else
            Write(l => l.Information("frame {Frame}: steps {First}..{Last}, rendered; loss {Total} ({Losses})", frame, firstStep, endStep - 1,
                Number(last.Total), string.Join(", ", last.Raw.Select(kv => $"{kv.Key} {Number(kv.Value)}"))));
    }

    public void Warning(RenderWarning warning) => Write(l => l.Warning("{Warning}", warning.ToString()));

    public void Waiting(string message) => Write(l => l.Information("{Text}", message));

    public void Downloading(DownloadProgress report) =>
        Write(l => l.Information("model {Model}: {Stage} ({Bytes} bytes) {Text}", report.Source.Name, report.Stage, report.BytesDone, report.Message ?? ""));

    /// <summary>The end line of a render that finished; the result then lists the log among its files.</summary>
    public RenderResult Finished(RenderResult result)
    {
        Write(l => l.Information("render finished: {Rendered} frame(s) rendered, {Cached} cached; {Images} image(s) in {Output}",
            result.FramesRendered, result.FramesCached, result.Frames.Count, result.OutputDirectory));
        return Path is null ? result : result with { Files = [.. result.Files, Path] };
    }

    /// <summary>The end line of a render that failed: the error with its code, as <see cref="RenderRequest.DescribeFailure"/> says it.</summary>
    public void Failed(Exception e)
    {
        if (e is OperationCanceledException)
        {
            Write(l => l.Warning("render interrupted; frames already written are kept"));
            return;
        }
        var (code, message) = request.DescribeFailure?.Invoke(e) ?? Describe(e);
        Write(l => l.Error("render failed: error {Code}: {Text}", code, message));
    }

    /// <summary>The code a pipeline exception carries; other exceptions are named by their type.</summary>
    private static (string Code, string Message) Describe(Exception e) => e switch
    {
        RenderException r => (r.Code, r.Message),
        ModelStoreException s => (s.Code, s.Message),
        MediaException m => (PipelineErrorCodes.Media, m.Message),
        Torch.Serialization.WeightFormatException w => (w.Code, w.Message),
        _ => (e.GetType().Name, e.Message),
    };

    private static string Number(double value) => Scenes.Expressions.NumberText.Format(value);

    /// <summary>One event; a log that cannot be written (a full disk) is closed, and the render goes on without it.</summary>
    private void Write(Action<Logger> write)
    {
        if (_logger is not { } logger) return;   // remote-cache warnings arrive from the upload thread too
        try
        {
            write(logger);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        var logger = _logger;
        _logger = null;
        try
        {
            logger?.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // what could not be flushed is lost, the render is not
    }
}
