namespace Pytti.Pipeline.Cache;

/// <summary>
/// Plain words for the parts of a frame's canonical form that come from the run's schedule: when they change,
/// PyTTI itself computes the frame differently (its steps fall at other times <c>t</c>, in another scene or
/// cross-fade, or the frame spans other steps), which <c>pytti plan</c> says beside the changed paths.
/// </summary>
public static class ScheduleReasons
{
    private static readonly (string Prefix, string Reason)[] Reasons =
    [
        ("frame.", "the frame spans other steps (steps_per_frame, pre_animation_steps or the run's length changed)"),
        ("schedule.t", "PyTTI evaluates this frame's steps at other times t = (i - pre_animation_steps) / (steps_per_frame * frames_per_second)"),
        ("schedule.scene", "its steps now belong to another scene (steps_per_scene or the scene list moved a scene boundary)"),
        ("schedule.previous_scene", "its steps now cross-fade from another scene"),
        ("schedule.tau", "the cross-fade over its steps changed (interpolation_steps, or a scene boundary moved)"),
    ];

    /// <summary>One sentence per schedule part among <paramref name="changedPaths"/>, in a fixed order.</summary>
    public static IEnumerable<string> For(IReadOnlyList<string> changedPaths) =>
        Reasons.Where(r => changedPaths.Any(p => IsUnder(p, r.Prefix))).Select(r => r.Reason);

    private static bool IsUnder(string path, string prefix) =>
        prefix.EndsWith('.') ? path.StartsWith(prefix, StringComparison.Ordinal)
            : path == prefix || path.StartsWith(prefix + "[", StringComparison.Ordinal) || path.StartsWith(prefix + ".", StringComparison.Ordinal);
}
