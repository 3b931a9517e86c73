using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Planning;

namespace Pytti.Scenes.Canonical;

/// <summary>One frame's canonical form, as a value tree and as its stable JSON text (what frame keys hash).</summary>
public sealed record CanonicalFrame(FrameInfo Frame, SortedDictionary<string, object?> Value)
{
    public string Json => CanonicalJson.Serialize(Value);
}

/// <summary>Canonical forms of the frames of a scene, and the evaluation errors found while computing them.</summary>
public static class CanonicalForm
{
    /// <summary>Every frame's form (a plan short enough to hold: see <see cref="PlanLimits"/>).</summary>
    public static (IReadOnlyList<CanonicalFrame> Frames, IReadOnlyList<Diagnostic> Diagnostics) Compute(SceneDocument document, FramePlan? plan = null)
    {
        plan ??= FramePlan.For(document);
        var diagnostics = new DiagnosticBag();
        var frames = Of(document, plan, plan.Frames, diagnostics).ToList();
        return (frames, diagnostics.Items);
    }

    /// <summary>The forms of <paramref name="frames"/>, one at a time as they are enumerated; errors go to <paramref name="diagnostics"/>.</summary>
    public static IEnumerable<CanonicalFrame> Of(SceneDocument document, FramePlan plan, IEnumerable<FrameInfo> frames, DiagnosticBag diagnostics)
    {
        var canonicalizer = new FrameCanonicalizer(document, plan, diagnostics);
        return frames.Select(f => new CanonicalFrame(f, canonicalizer.Build(f)));
    }
}
