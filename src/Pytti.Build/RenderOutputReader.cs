using System.Globalization;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Pytti.Build;

/// <summary>
/// Turns the lines of one <c>pytti render --json</c> run into MSBuild messages, warnings and errors,
/// and remembers what the run wrote. The start of the render and a progress line every
/// <paramref name="progressInterval"/> are high-importance (shown at default verbosity); each step and image is a
/// detailed message; the per-scene summary is written by <see cref="PyttiRender"/> once the run ended well. An error
/// keeps the lines that follow it (pytti's fix-it text) until the next error or <see cref="Flush"/>.
/// </summary>
internal sealed class RenderOutputReader(TaskLoggingHelper log, string scenePath, string projectFile, IReadOnlyList<string> overrides,
    TimeSpan progressInterval)
{
    private const int KeptTextLines = 20;
    private const string OverrideFile = "<override>";
    private const string CrashPrefix = "Unhandled exception. ";

    private readonly List<TaskItem> _images = [];
    private readonly Queue<string> _lastText = new();
    private readonly RenderProgressLine _progress = new(progressInterval);
    private PendingDiagnostic? _pending;

    public IReadOnlyList<TaskItem> Images => _images;
    public string? OutputDirectory { get; private set; }
    public string? ManifestPath { get; private set; }
    public bool Finished { get; private set; }
    public int? FramesRendered { get; private set; }
    public int? FramesCached { get; private set; }
    public int? ImagesWritten { get; private set; }
    public string? VideoPath { get; private set; }
    /// <summary>Every file the render wrote or kept, when pytti lists them (<c>finished.files</c>).</summary>
    public IReadOnlyList<string>? Files { get; private set; }

    /// <summary>The message of a .NET crash (<c>Unhandled exception. Type: message</c>), from a pytti older than its error guard.</summary>
    public string? CrashMessage { get; private set; }

    /// <summary>The last lines that were neither events nor diagnostics (for a crash report).</summary>
    public IEnumerable<string> LastText => _lastText;

    public void Read(string line, MessageImportance textImportance)
    {
        switch (ToolOutputLine.Parse(line))
        {
            case ToolOutputLine.Event e: OnEvent(e.Name, e.Body, line); break;
            case ToolOutputLine.Diagnostic d: Hold(OnDiagnostic(d)); break;
            case ToolOutputLine.ToolError t: Hold(OnToolError(t)); break;
            case ToolOutputLine.Text t when _pending is not null: _pending.Continue(t.Line); break;
            case ToolOutputLine.Text t: OnText(t.Line, textImportance); break;
        }
    }

    /// <summary>Logs the error (or warning) still held for its continuation lines.</summary>
    public void Flush()
    {
        _pending?.Log(log);
        _pending = null;
    }

    private void Hold(PendingDiagnostic diagnostic)
    {
        Flush();
        _pending = diagnostic;
    }

    private void OnEvent(string name, JsonElement body, string line)
    {
        switch (name)
        {
            case "started":
                OutputDirectory = String(body, "output") ?? OutputDirectory;
                log.LogMessage(MessageImportance.High, "pytti: {0}: started, {1} step(s) into {2}", scenePath, Int(body, "steps"), OutputDirectory);
                break;
            case "step":
                log.LogMessage(MessageImportance.Low, "pytti: {0}: step {1}/{2}, loss {3}", scenePath,
                    Int(body, "step") + 1, Int(body, "of"), Double(body, "loss")?.ToString("G6", CultureInfo.InvariantCulture) ?? "n/a");
                if (_progress.After(Int(body, "step"), Int(body, "of"), _images.Count + 1) is { } progress)
                    log.LogMessage(MessageImportance.High, "pytti: {0}: {1}", scenePath, progress);
                break;
            case "plan":
                log.LogMessage(MessageImportance.Low, "pytti: {0}: {1} of {2} frame(s) cached", scenePath, Int(body, "cached"), Int(body, "frames"));
                break;
            case "image":
                OnImage(body);
                break;
            case "download":
                OnDownload(body);
                break;
            case "finished":
                Finished = true;
                OutputDirectory = String(body, "output") ?? OutputDirectory;
                ManifestPath = String(body, "manifest");
                FramesRendered = OptionalInt(body, "rendered") ?? OptionalInt(body, "frames");
                FramesCached = OptionalInt(body, "cached");
                ImagesWritten = OptionalInt(body, "images");
                VideoPath = String(body, "video");
                Files = body.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array
                    ? files.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToList()
                    : null;
                break;
            default:
                log.LogMessage(MessageImportance.Low, "pytti: {0}", line);
                break;
        }
    }

    /// <summary>
    /// A model file the render needs: fetching one (hundreds of MB on a first build) is news at normal verbosity,
    /// once when it starts and once when it is verified; byte counts and checks of files already there stay detailed.
    /// </summary>
    private void OnDownload(JsonElement body)
    {
        var model = String(body, "model") ?? "?";
        switch (String(body, "stage"))
        {
            case "downloading" when !_downloading.Contains(model):
                _downloading.Add(model);
                log.LogMessage(MessageImportance.Normal, "pytti: downloading model {0} from {1} into the model store", model, String(body, "url") ?? "?");
                break;
            case "verified" when _downloading.Contains(model):
                log.LogMessage(MessageImportance.Normal, "pytti: model {0} downloaded and verified", model);
                break;
            case "discarded":
                log.LogMessage(MessageImportance.High, "pytti: {0}", String(body, "message") ?? $"model {model}: a file with the wrong digest was moved aside");   // the store fetches it again
                break;
            default:
                log.LogMessage(MessageImportance.Low, "pytti: model {0}: {1} {2}", model, String(body, "stage") ?? "?",
                    OptionalLong(body, "bytes")?.ToString(CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    private readonly HashSet<string> _downloading = new(StringComparer.Ordinal);

    private void OnImage(JsonElement body)
    {
        if (String(body, "path") is not { Length: > 0 } path) return;
        var item = new TaskItem(path);
        item.SetMetadata("Kind", "Frame");
        item.SetMetadata("FrameIndex", Int(body, "index").ToString(CultureInfo.InvariantCulture));
        item.SetMetadata("Step", Int(body, "step").ToString(CultureInfo.InvariantCulture));
        item.SetMetadata("Sha256", String(body, "sha256") ?? "");
        _images.Add(item);
        log.LogMessage(MessageImportance.Low, "pytti: wrote {0}", path);
    }

    private PendingDiagnostic OnDiagnostic(ToolOutputLine.Diagnostic d)
    {
        var (file, line, column, message) = d.File == OverrideFile ? AtOverride(d) : (d.File.Length == 0 ? scenePath : d.File, d.Line, d.Column, d.Message);
        return new PendingDiagnostic(d.IsWarning, d.Code, file, line, column, message);
    }

    /// <summary>
    /// An error in a <c>--set</c> value: pytti names it as line n of <c>&lt;override&gt;</c>. Those values
    /// come from the project (PyttiSet, %(Set)), so the error points at the project and quotes the value.
    /// </summary>
    private (string File, int Line, int Column, string Message) AtOverride(ToolOutputLine.Diagnostic d)
    {
        var text = d.Line >= 1 && d.Line <= overrides.Count ? $"'{overrides[d.Line - 1]}'" : $"#{d.Line}";
        return (projectFile, 0, 0, $"{d.Message} (in the override {text} given to {Path.GetFileName(scenePath)} by PyttiSet or %(PyttiScene.Set))");
    }

    private PendingDiagnostic OnToolError(ToolOutputLine.ToolError t) => t.Code is null
        ? new PendingDiagnostic(false, BuildErrorCodes.ToolUsage, scenePath, 0, 0,
            $"pytti rejected its command line: {t.Message} (check PyttiDevice/%(Device), or use a pytti that matches this Pytti.Build)")
        : new PendingDiagnostic(false, t.Code, scenePath, 0, 0, t.Message);

    private void OnText(string line, MessageImportance importance)
    {
        if (line.Length == 0) return;
        if (line.StartsWith(CrashPrefix, StringComparison.Ordinal)) CrashMessage ??= line[CrashPrefix.Length..];
        _lastText.Enqueue(line);
        if (_lastText.Count > KeptTextLines) _lastText.Dequeue();
        log.LogMessage(importance, "pytti: {0}", line);
    }

    private static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? OptionalInt(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    private static int Int(JsonElement body, string name) => OptionalInt(body, name) ?? 0;

    private static long? OptionalLong(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static double? Double(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
