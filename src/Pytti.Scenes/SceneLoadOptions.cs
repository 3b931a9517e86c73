namespace Pytti.Scenes;

/// <summary><c>key=value</c> overrides (they win over files) and the folder relative paths and messages use.</summary>
public sealed record SceneLoadOptions
{
    public IReadOnlyList<string> Overrides { get; init; } = [];

    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>
    /// The time <c>${now:...}</c> and <c>seed: null</c> read; null = the clock, read once. A renderer
    /// records <see cref="SceneDocument.Clock"/> and passes it back here to repeat a render.
    /// </summary>
    public DateTimeOffset? Now { get; init; }
}
