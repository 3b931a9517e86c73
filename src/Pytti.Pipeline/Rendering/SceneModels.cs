using Pytti.Models.Store;
using Pytti.Scenes;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Explain;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// The registered model files a scene renders with, fetched ahead of time (<c>pytti models fetch --scene</c>: CI caches,
/// air gaps) exactly as a render's preflight fetches them: resumable, verified, every missing file named at once.
/// </summary>
public static class SceneModels
{
    /// <summary>
    /// Checks <paramref name="scenePath"/> and ensures each registered model file it needs in the store that
    /// <paramref name="openStore"/> opens on a root folder given (or null): <paramref name="modelsDirectory"/>, else the
    /// scene's <c>models_parent_dir</c>, else null (the default store).
    /// </summary>
    /// <returns>The files, each verified in the store.</returns>
    /// <exception cref="SceneException">the scene does not check.</exception>
    /// <exception cref="ModelStoreException">as a render's preflight: PYTTI120 naming every file that cannot be fetched, a wrong digest, a full disk.</exception>
    public static IReadOnlyList<ModelSource> Ensure(string scenePath, string workingDirectory, string? modelsDirectory, Func<string?, ModelStore> openStore,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken = default)
    {
        var check = SceneCheck.Run(Path.GetFullPath(scenePath, workingDirectory), new SceneLoadOptions { WorkingDirectory = workingDirectory });
        if (!check.Success) throw new SceneException(check.Diagnostics);
        var doc = check.Document!;
        var root = modelsDirectory ?? (string.IsNullOrEmpty(doc.Values.ModelsParentDir) ? null : doc.Values.ModelsParentDir);
        var store = openStore(root);
        ModelPreflight.EnsureAll(doc, store, progress, cancellationToken);
        return ModelPreflight.Needed(doc, store, []);
    }
}
