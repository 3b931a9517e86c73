using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Cache.Remote;

namespace Pytti.Pipeline.Rendering;

/// <summary>One frame of <c>pytti plan</c>: cached, or dirty and why.</summary>
public sealed record PlannedFrame(int Frame, long FirstStep, long EndStep, string Key, bool Cached, string? Reason)
{
    /// <summary>Cached in the remote cache only: a render pulls it (and verifies it) instead of rendering it.</summary>
    public bool Remote { get; init; }
}

/// <summary>A scene's plan, with the folders a render of the same request would use.</summary>
public sealed record ScenePlan(IReadOnlyList<PlannedFrame> Frames, string CacheDirectory, string OutputDirectory);

/// <summary>
/// What a render would do, without rendering (and without writing anything: a query leaves every folder as it was): every frame is looked up in the cache and, when it
/// is not there, compared with the scene's recorded run (its lock file and the cache's record of
/// that run) to say which parameter, input file or run-wide setting changed.
/// </summary>
public static class RenderPlan
{
    /// <param name="warn">Hears about a remote cache that cannot be used (the plan then counts local frames only).</param>
    public static IReadOnlyList<PlannedFrame> Compute(RenderRequest request, Action<RenderWarning>? warn = null) => For(request, warn).Frames;

    /// <inheritdoc cref="Compute"/>
    public static ScenePlan For(RenderRequest request, Action<RenderWarning>? warn = null)
    {
        var context = RenderContext.Create(request, query: true);
        var index = new FrameIndex(context.CacheRoot);
        var recorded = LockFile.RecordedKeys(LockFile.PathFor(context.Document));
        using var remote = request.RemoteCache is { } options ? new RemoteCache(options with { ReadOnly = true },
            (url, message) => warn?.Invoke(new RenderWarning(url, PipelineErrorCodes.RemoteCache, message))) : null;
        var result = new List<PlannedFrame>();
        for (var f = 0; f < context.Keys.Count; f++)
        {
            var (key, inputs) = context.Keys[f];
            var frame = context.Plan.Frames[f];
            var stored = index.TryGetComplete(key, f);
            var cached = FinishedImage.Fit(stored, frame, f == context.Keys.Count - 1) is not null;
            var remotely = !cached && stored is null && result.All(r => r.Cached) && remote?.Has(key) == true;
            var reason = cached || remotely ? null : stored is not null ? FinishedImage.MissingReason : Why(index, inputs, key, recorded.ElementAtOrDefault(f), f);
            result.Add(new PlannedFrame(f, frame.FirstStep, frame.EndStep, key, cached || remotely, reason) { Remote = remotely });
        }
        return new ScenePlan(result, context.CacheRoot, context.OutputDirectory);
    }

    private static string Why(FrameIndex index, FrameKeyInputs now, string key, string? recordedKey, int frame)
    {
        if (recordedKey is null) return "never rendered";
        if (recordedKey == key) return "rendered before, but its outputs are no longer in the cache";
        if (index.TryRead(recordedKey) is not { } old) return "changed since the recorded run (the cache no longer holds that run's details)";
        var reasons = new List<string>();
        foreach (var (name, value) in now.Global)
            if (old.Inputs.Global.GetValueOrDefault(name) != value) reasons.Add($"{name} changed");
        foreach (var (file, digest) in now.Files)
            if (old.Inputs.Files.GetValueOrDefault(file) != digest) reasons.Add($"input file {file} changed");
        var changed = JsonDiff.ChangedPaths(old.Inputs.Canonical, now.Canonical);
        if (changed.Count > 0) reasons.Add("changed: " + string.Join(", ", changed));
        reasons.AddRange(ScheduleReasons.For(changed));
        if (reasons.Count == 0 && old.Inputs.Previous != now.Previous) reasons.Add($"follows frame {frame - 1}, which changed");
        return reasons.Count > 0 ? string.Join("; ", reasons) : "changed since the recorded run";
    }
}
