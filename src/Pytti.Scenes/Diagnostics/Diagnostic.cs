namespace Pytti.Scenes.Diagnostics;

/// <summary>One mistake in a scene, printed as <c>path(line,col): error PYTTInnn: message</c>.</summary>
public sealed record Diagnostic(string Code, string Message, SourceLocation Location)
{
    public override string ToString() =>
        Location.File.Length == 0 ? $"error {Code}: {Message}" : $"{Location}: error {Code}: {Message}";
}
