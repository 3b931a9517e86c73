using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes;

/// <summary>A loaded scene, or null with every error found.</summary>
public sealed record SceneLoadResult(SceneDocument? Document, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => Document is not null && Diagnostics.Count == 0;

    public SceneDocument GetOrThrow() => Success ? Document! : throw new SceneException(Diagnostics);
}
