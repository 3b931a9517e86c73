using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Pytti.Build;

/// <summary>
/// Renders one scene by running <c>pytti render FILE --json</c> out of process (the MSBuild node never
/// loads libtorch). Events become messages, the tool's diagnostics become errors with file, line,
/// column and <c>PYTTInnn</c> code. On success, <see cref="RenderedFiles"/> lists what was written and
/// <see cref="StampFile"/> records that list for incremental builds and <c>Clean</c>.
/// Cancelling the build (Ctrl+C) kills the tool (ToolTask's cancellation).
/// </summary>
public sealed class PyttiRender : ToolTask
{
    private ToolLocator? _tool;
    private RenderOutputReader? _reader;

    public PyttiRender()
    {
        // Other projects of the build can go on while a scene renders.
        YieldDuringToolExecution = true;
    }

    /// <summary>The scene file (*.pytti.yaml).</summary>
    [Required] public ITaskItem Scene { get; set; } = null!;

    /// <summary>The folder the frames, loss log and manifest go to.</summary>
    [Required] public string OutputDirectory { get; set; } = "";

    /// <summary><c>pytti</c> (looked up on PATH), a path to the executable, or a path to <c>pytti.dll</c>.</summary>
    [Required] public string Tool { get; set; } = "";

    /// <summary>Written on success: one full path of a rendered file per line. Deleted first, so a failed render leaves none.</summary>
    [Required] public string StampFile { get; set; } = "";

    /// <summary><c>key=value</c> overrides, each passed as <c>--set key=value</c>, in order.</summary>
    public string[] Overrides { get; set; } = [];

    public string? ModelsDirectory { get; set; }
    public string? Device { get; set; }
    public bool Offline { get; set; }

    /// <summary>The frame cache folder (<c>--cache</c>); default pytti's own (<c>.pytti/cache</c> in the working directory).</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The shared remote frame cache URL (<c>--remote-cache</c>, property <c>PyttiRemoteCache</c>); default pytti's (<c>PYTTI_REMOTE_CACHE</c>).</summary>
    public string? RemoteCache { get; set; }

    /// <summary><c>--remote-cache-read-only</c>: pull frames, never upload (property <c>PyttiRemoteCacheReadOnly</c>).</summary>
    public bool RemoteCacheReadOnly { get; set; }

    /// <summary>The project that lists the scene (errors in PyttiSet/%(Set) point at it); default the file that calls the task.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>Seconds between the progress lines (frame, step, time left) shown while a scene renders; default 5.</summary>
    public double ProgressIntervalSeconds { get; set; } = 5;

    /// <summary>Where pytti runs (relative paths in the scene resolve against it); default the project folder.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Frames, loss log, loss plot and manifest of this render (metadata <c>Kind</c>, <c>Scene</c>).</summary>
    [Output] public ITaskItem[] RenderedFiles { get; private set; } = [];

    protected override string ToolName => "pytti";

    protected override Encoding StandardOutputEncoding => new UTF8Encoding(false);
    protected override Encoding StandardErrorEncoding => new UTF8Encoding(false);

    private string ScenePath => Scene.GetMetadata("FullPath");

    private string Project => string.IsNullOrEmpty(ProjectFile) ? BuildEngine?.ProjectFileOfTaskNode ?? "" : ProjectFile!;

    public override bool Execute()
    {
        DeleteStamp();
        Overrides = [.. (Overrides ?? []).Select(o => o.Trim()).Where(o => o.Length > 0)];
        _reader = new RenderOutputReader(Log, ScenePath, Project, Overrides, TimeSpan.FromSeconds(Math.Max(0, ProgressIntervalSeconds)));
        var ran = base.Execute();
        _reader.Flush();
        if (ran && !_reader.Finished)
            Log.LogError(null, BuildErrorCodes.ToolProtocol, null, ScenePath, 0, 0, 0, 0,
                "pytti exited without reporting the end of the render; is PyttiToolPath ('{0}') a pytti that supports 'render --json'?", Tool);
        if (Log.HasLoggedErrors) return false;

        RenderedFiles = RenderOutputs.Collect(_reader, ScenePath);
        RenderOutputs.WriteStamp(StampFile, RenderedFiles);
        LogSummary(_reader);
        return !Log.HasLoggedErrors;
    }

    private void LogSummary(RenderOutputReader reader)
    {
        var rendered = reader.FramesRendered ?? reader.Images.Count;
        var cached = reader.FramesCached is { } c ? $", {c} cached" : "";
        var images = reader.ImagesWritten ?? reader.Images.Count;
        Log.LogMessage(MessageImportance.High, "{0}: {1} rendered{2} ({3} image(s)) -> {4}", Scene.ItemSpec, rendered, cached, images, reader.OutputDirectory ?? OutputDirectory);
    }

    protected override bool ValidateParameters()
    {
        if (!File.Exists(ScenePath))
        {
            Log.LogError(null, BuildErrorCodes.SceneMissing, null, Project, 0, 0, 0, 0,
                "PyttiScene '{0}' does not exist ({1}).", Scene.ItemSpec, ScenePath);
            return false;
        }
        _tool = ToolLocator.Find(Tool, Environment.GetEnvironmentVariable, ToolSearchDirectory);
        if (_tool is { LocalManifest: { } manifest, Assembly: { } restored } && !File.Exists(restored))
        {
            Log.LogError(null, BuildErrorCodes.ToolNotFound, null, ScenePath, 0, 0, 0, 0,
                "the local tool manifest '{0}' lists Pytti.Cli, but it is not restored ({1} is missing). Run 'dotnet tool restore' in the repository.", manifest, restored);
            return false;
        }
        if (_tool is null || !File.Exists(_tool.Executable) || (_tool.Assembly is { } dll && !File.Exists(dll)))
        {
            Log.LogError(null, BuildErrorCodes.ToolNotFound, null, ScenePath, 0, 0, 0, 0,
                "cannot find the pytti tool '{0}'. Install it as a local tool (dotnet new tool-manifest; dotnet tool install Pytti.Cli) or globally (dotnet tool install -g Pytti.Cli), or set the PyttiToolPath property to the pytti executable or pytti.dll.", Tool);
            return false;
        }
        return base.ValidateParameters();
    }

    protected override string GenerateFullPathToTool() => (_tool ?? ToolLocator.Find(Tool, Environment.GetEnvironmentVariable, ToolSearchDirectory))?.Executable ?? Tool;

    protected override string GenerateCommandLineCommands() => RenderCommandLine.Build(
        _tool?.Prefix ?? [], ScenePath, Overrides, OutputDirectory, new(ModelsDirectory, Device, CacheDirectory, Offline)
        {
            RemoteCache = RemoteCache, RemoteCacheReadOnly = RemoteCacheReadOnly,
        });

    /// <summary>Where a local tool manifest is looked for: the folder pytti runs in, else the scene's project's.</summary>
    private string ToolSearchDirectory => !string.IsNullOrEmpty(WorkingDirectory) ? WorkingDirectory! : Path.GetDirectoryName(Path.GetFullPath(Project)) ?? ".";

    protected override string? GetWorkingDirectory() => string.IsNullOrEmpty(WorkingDirectory) ? null : WorkingDirectory;

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance) =>
        (_reader ?? throw new InvalidOperationException("Execute first")).Read(singleLine, messageImportance);

    /// <summary>The tool failed: its own errors were already logged; otherwise say how it ended.</summary>
    protected override bool HandleTaskExecutionErrors()
    {
        _reader?.Flush();
        if (Log.HasLoggedErrors) return false;
        if (_reader?.CrashMessage is { } crash)
        {
            Log.LogError(null, BuildErrorCodes.ToolFailed, null, ScenePath, 0, 0, 0, 0,
                "pytti crashed (exit code {0}) while rendering '{1}': {2}", ExitCode, Scene.ItemSpec, crash);
            return false;
        }
        var tail = _reader is null ? "" : string.Join(Environment.NewLine, _reader.LastText.TakeLast(5));
        Log.LogError(null, BuildErrorCodes.ToolFailed, null, ScenePath, 0, 0, 0, 0,
            "pytti exited with code {0} while rendering '{1}' without reporting an error{2}{3}", ExitCode, Scene.ItemSpec,
            tail.Length == 0 ? "." : ":" + Environment.NewLine, tail);
        return false;
    }

    private void DeleteStamp()
    {
        if (File.Exists(StampFile)) File.Delete(StampFile);
    }
}
