using System.Globalization;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Planning;

/// <summary>
/// How much of a plan this port walks step by step before rendering. Counts are 64-bit and a plan is lazy, so any
/// count PyTTI accepts can be planned; but <c>pytti check</c> evaluates expressions at every step, a frame's canonical
/// form lists each of its steps, and <c>render</c>/<c>plan</c> key every frame before they start. Beyond these limits
/// nothing is allocated: check evaluates the first <see cref="MaxSteps"/> steps and says so, and a frame (more than
/// <see cref="MaxFrameSteps"/>) or a render that is too long is a located PYTTI043 naming the setting to lower.
/// </summary>
public static class PlanLimits
{
    /// <summary>Steps check evaluates, and steps a render may have (days of work on a fast GPU).</summary>
    public const long MaxSteps = 10_000_000;

    /// <summary>Steps a frame may have: its canonical form holds a value per step.</summary>
    public const long MaxFrameSteps = 1_000_000;

    /// <summary>Frames a render keys (and <c>explain</c> lists) in advance.</summary>
    public const long MaxFrames = 250_000;

    /// <summary>PYTTI043 when a frame would have more than <see cref="MaxFrameSteps"/> steps, at the setting that makes it so.</summary>
    public static Diagnostic? FrameTooLong(SceneDocument document, FramePlan plan)
    {
        if (plan.FrameCount == 0)
            return null;
        var first = plan.Frame(0).StepCount;
        var longest = plan.FrameCount > 1 ? Math.Max(first, plan.Frame(1).StepCount) : first;
        if (longest <= MaxFrameSteps)
            return null;
        var v = document.Values;
        var name = v.StepsPerFrame >= v.PreAnimationSteps && plan.FrameCount > 1 ? "steps_per_frame" : "pre_animation_steps";
        return At(document, name, string.Create(CultureInfo.InvariantCulture,
            $"a frame would have {longest} steps; a frame's values are evaluated and keyed step by step, at most {MaxFrameSteps} steps per frame: lower '{name}'"));
    }

    /// <summary>PYTTI043 when a render is too long to key in advance, at <c>steps_per_scene</c>.</summary>
    public static Diagnostic? RenderTooLong(SceneDocument document, FramePlan plan)
    {
        if (plan.TotalSteps <= MaxSteps && plan.FrameCount <= MaxFrames)
            return null;
        return At(document, "steps_per_scene", string.Create(CultureInfo.InvariantCulture,
            $"the render has {plan.TotalSteps} steps in {plan.FrameCount} frames; render and plan key every frame before they start, "
            + $"at most {MaxSteps} steps and {MaxFrames} frames: lower 'steps_per_scene' (or raise 'steps_per_frame')"));
    }

    private static Diagnostic At(SceneDocument document, string name, string message) =>
        new(ErrorCodes.PlanTooLarge, message, document.Settings[name].Location ?? new SourceLocation(document.RootFile, 1, 1));
}
