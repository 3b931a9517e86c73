using Pytti.Scenes.Canonical;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Planning;

namespace Pytti.Scenes.Explain;

/// <summary>
/// The full check behind <c>pytti check</c> and <c>pytti explain</c>: load, check that input files
/// exist, plan, and evaluate every expression at every step of the plan, or of its first
/// <see cref="PlanLimits.MaxSteps"/> steps when it is longer (<see cref="CheckedSteps"/> says how far).
/// </summary>
public sealed record SceneCheck(SceneDocument? Document, FramePlan? Plan, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => Document is not null && Diagnostics.Count == 0;

    /// <summary>The steps whose expressions were evaluated: all of them unless the plan is longer than <see cref="PlanLimits.MaxSteps"/>.</summary>
    public long CheckedSteps { get; init; }

    public bool CheckedAll => Plan is null || CheckedSteps >= Plan.TotalSteps;

    public static SceneCheck Run(string path, SceneLoadOptions options)
    {
        var loaded = SceneLoader.Load(path, options);
        if (!loaded.Success)
            return new SceneCheck(null, null, loaded.Diagnostics);
        var document = loaded.Document!;
        var plan = FramePlan.For(document);
        var errors = new DiagnosticBag();
        var checkedSteps = 0L;
        if (PlanLimits.FrameTooLong(document, plan) is { } tooLong)
            errors.Add(tooLong);
        else
            checkedSteps = Evaluate(document, plan, errors);
        var missing = InputFileCheck.Run(document);
        return new SceneCheck(document, plan, SceneLoader.Sorted(errors.Items.Concat(missing))) { CheckedSteps = checkedSteps };
    }

    /// <summary>
    /// The canonical forms of the frames in <paramref name="range"/>, computed as they are enumerated; evaluation errors in
    /// frames beyond <see cref="CheckedSteps"/> go to <paramref name="errors"/>.
    /// </summary>
    public IEnumerable<CanonicalFrame> FramesIn(FrameRange range, DiagnosticBag errors) =>
        Document is null ? [] : CanonicalForm.Of(Document, Plan!, Plan!.Frames.Range(range.First, range.Last ?? long.MaxValue), errors);

    /// <summary>Whole frames in order while their steps fit in <see cref="PlanLimits.MaxSteps"/>; returns the steps evaluated.</summary>
    private static long Evaluate(SceneDocument document, FramePlan plan, DiagnosticBag errors)
    {
        var frames = plan.Frames.TakeWhile(f => f.EndStep <= PlanLimits.MaxSteps);
        var end = 0L;
        foreach (var frame in CanonicalForm.Of(document, plan, frames, errors))
            end = frame.Frame.EndStep;
        return end;
    }
}
