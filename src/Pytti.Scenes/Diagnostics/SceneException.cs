namespace Pytti.Scenes.Diagnostics;

/// <summary>Thrown by the convenience loaders when a scene has errors; carries all of them.</summary>
public sealed class SceneException(IReadOnlyList<Diagnostic> diagnostics)
    : Exception(string.Join(Environment.NewLine, diagnostics))
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
