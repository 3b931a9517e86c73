namespace Pytti.Scenes.Diagnostics;

/// <summary>A place in a scene file (1-based line and column) or in a command-line override.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation None { get; } = new("", 0, 0);

    /// <summary>The folder relative paths written at this location resolve against.</summary>
    public string? BaseDirectory { get; init; }

    public SourceLocation WithColumnOffset(int offset) => this with { Column = Column + offset };

    public override string ToString() => Line > 0 ? $"{File}({Line},{Column})" : File;
}
