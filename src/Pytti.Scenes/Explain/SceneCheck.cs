using Pytti.Scenes.Canonical;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Planning;

namespace Pytti.Scenes.Explain;

/// <summary>
/// The full check behind <c>pytti check</c> and <c>pytti explain</c>: load, check that input files
/// exist, plan, and evaluate every expression over the plan.
/// </summary>
public sealed record SceneCheck(SceneDocument? Document, FramePlan? Plan, IReadOnlyList<CanonicalFrame> Frames, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => Document is not null && Diagnostics.Count == 0;

    public static SceneCheck Run(string path, SceneLoadOptions options)
    {
        var loaded = SceneLoader.Load(path, options);
        if (!loaded.Success)
            return new SceneCheck(null, null, [], loaded.Diagnostics);
        var plan = FramePlan.For(loaded.Document!);
        var (frames, errors) = CanonicalForm.Compute(loaded.Document!, plan);
        var missing = InputFileCheck.Run(loaded.Document!);
        return new SceneCheck(loaded.Document, plan, frames, SceneLoader.Sorted(errors.Concat(missing)));
    }
}
