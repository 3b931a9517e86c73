namespace Pytti.Scenes;

/// <summary><c>key=value</c> overrides (they win over files) and the folder relative paths and messages use.</summary>
public sealed record SceneLoadOptions
{
    public IReadOnlyList<string> Overrides { get; init; } = [];

    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();
}
