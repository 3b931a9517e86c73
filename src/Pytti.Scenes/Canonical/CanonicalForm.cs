using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Planning;

namespace Pytti.Scenes.Canonical;

/// <summary>One frame's canonical form, as a value tree and as its stable JSON text (what frame keys hash).</summary>
public sealed record CanonicalFrame(FrameInfo Frame, SortedDictionary<string, object?> Value)
{
    public string Json => CanonicalJson.Serialize(Value);
}

/// <summary>Canonical forms of all frames of a scene, and the evaluation errors found while computing them.</summary>
public static class CanonicalForm
{
    public static (IReadOnlyList<CanonicalFrame> Frames, IReadOnlyList<Diagnostic> Diagnostics) Compute(SceneDocument document, FramePlan? plan = null)
    {
        plan ??= FramePlan.For(document);
        var diagnostics = new DiagnosticBag();
        var canonicalizer = new FrameCanonicalizer(document, plan, diagnostics);
        var frames = plan.Frames.Select(f => new CanonicalFrame(f, canonicalizer.Build(f))).ToList();
        return (frames, diagnostics.Items);
    }
}
