using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pytti.Build;

/// <summary>One line that <c>pytti render --json</c> printed, classified by its shape.</summary>
internal abstract record ToolOutputLine
{
    /// <summary><c>{"event":"...", ...}</c>: a progress event.</summary>
    public sealed record Event(string Name, JsonElement Body) : ToolOutputLine;

    /// <summary><c>path(line,col): error PYTTInnn: message</c> (also without the location, and warnings).</summary>
    public sealed record Diagnostic(bool IsWarning, string Code, string File, int Line, int Column, string Message) : ToolOutputLine;

    /// <summary><c>pytti: error PYTTInnn: message</c>, or <c>pytti: error: message</c> (usage, no code).</summary>
    public sealed record ToolError(string? Code, string Message) : ToolOutputLine;

    /// <summary>Anything else (summaries, stack traces, a JSON object that is not an event).</summary>
    public sealed record Text(string Line) : ToolOutputLine;

    private static readonly Regex DiagnosticShape = new(
        @"^(?:(?<file>.*?)(?:\((?<line>\d+),(?<col>\d+)\))?: )?(?<severity>error|warning) (?<code>PYTTI\d{3,}): (?<message>.*)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex ToolErrorShape = new(
        @"^pytti: error(?: (?<code>PYTTI\d{3,}))?: (?<message>.*)$",
        RegexOptions.CultureInvariant);

    public static ToolOutputLine Parse(string line)
    {
        var trimmed = line.TrimEnd('\r');
        if (trimmed.StartsWith('{') && TryParseEvent(trimmed) is { } e) return e;
        var tool = ToolErrorShape.Match(trimmed);
        if (tool.Success)
            return new ToolError(tool.Groups["code"].Success ? tool.Groups["code"].Value : null, tool.Groups["message"].Value);
        var diagnostic = DiagnosticShape.Match(trimmed);
        if (diagnostic.Success)
            return new Diagnostic(
                diagnostic.Groups["severity"].Value == "warning",
                diagnostic.Groups["code"].Value,
                diagnostic.Groups["file"].Value,
                Number(diagnostic.Groups["line"]),
                Number(diagnostic.Groups["col"]),
                diagnostic.Groups["message"].Value);
        return new Text(trimmed);
    }

    private static Event? TryParseEvent(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var name) || name.ValueKind != JsonValueKind.String)
                return null;
            return new Event(name.GetString()!, root.Clone());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int Number(Group group) =>
        group.Success && int.TryParse(group.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
}
