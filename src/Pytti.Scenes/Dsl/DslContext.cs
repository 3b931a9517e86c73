using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Dsl;

/// <summary>What the DSL parsers need: the variables expressions may use and where to report mistakes.</summary>
public sealed record DslContext(ExpressionScope Scope, DiagnosticBag Diagnostics, string WorkingDirectory)
{
    /// <summary>A context with <c>t</c> and the given audio bands, relative paths against the current directory.</summary>
    public static DslContext Create(DiagnosticBag diagnostics, IEnumerable<string>? audioBands = null) =>
        new(ExpressionScope.For(audioBands ?? []), diagnostics, Directory.GetCurrentDirectory());

    /// <summary>Compiles field text taken from <paramref name="source"/> at <paramref name="offset"/>; reports errors at their column.</summary>
    public CompiledExpression? Compile(LocatedText source, Field field, string what, ExpressionScope? scope = null)
    {
        var start = source.LocationAt(field.IsDefault ? 0 : field.Offset);
        var compiled = CompiledExpression.TryCompile(field.Value, scope ?? Scope, out var error, field.IsDefault ? null : start);
        if (error is not null)
        {
            var at = field.IsDefault ? source.LocationAt(0) : source.LocationAt(field.Offset + error.Offset);
            Diagnostics.Add(error.Code, $"{what} '{field.Value.Trim()}': {error.Message}", at);
        }
        return compiled;
    }

    public void Error(string code, string message, LocatedText source, int offset) =>
        Diagnostics.Add(code, message, source.LocationAt(Math.Max(0, offset)));

    /// <summary>An absolute path for a relative path written at <paramref name="location"/>; URLs and absolute paths unchanged.</summary>
    public string ResolvePath(string path, SourceLocation location)
    {
        if (!PathResolver.IsValid(path))
            Diagnostics.Add(ErrorCodes.InvalidPath, $"'{Printable(path)}' is not a valid path (it contains control characters)", location);
        return PathResolver.Resolve(path, location.BaseDirectory ?? WorkingDirectory);
    }

    /// <summary>Control characters shown as <c>\uXXXX</c> so messages stay on one line.</summary>
    public static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
