using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Planning;
using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Canonical;

/// <summary>
/// The canonical form of one frame: every value that can change its pixels, with expressions
/// evaluated at the steps (or boundary) where PyTTI evaluates them, defaults applied, and the
/// parameters of unused modes left out. Key order and YAML formatting do not show through.
/// </summary>
public sealed class FrameCanonicalizer(SceneDocument document, FramePlan plan, DiagnosticBag diagnostics)
{
    private readonly CanonicalDescriptions _describe = new(document);
    private readonly ExpressionTimeline _timeline = new(diagnostics);
    private SortedDictionary<string, object?>? _settings;
    private readonly long _firstBoundary = plan.FrameCount > 0 ? plan.Frame(0).BoundaryStep ?? long.MaxValue : long.MaxValue;

    public SortedDictionary<string, object?> Build(FrameInfo frame)
    {
        var steps = plan.StepsOf(frame).ToList();
        var map = CanonicalDescriptions.Map();
        map["frame"] = FrameHeader(frame);
        map["settings"] = _settings ??= Settings();   // the same for every frame: built once
        map["perceptors"] = document.Perceptors.Cast<object?>().ToList();
        map["schedule"] = Schedule(steps);
        map["scenes"] = Scenes(steps);
        map["smoothing_weight"] = Over(document.Values.SmoothingWeight, steps, "smoothing_weight");
        map["direct_prompts"] = document.DirectPrompts.Select(p => (object?)DirectPrompt(p, steps)).ToList();
        map["losses"] = Losses(steps);
        if (frame.BoundaryStep is not null && RelevanceRules.Holds(Relevance.Motion, document))
            map["motion"] = Motion(frame.T);
        return map;
    }

    private static SortedDictionary<string, object?> FrameHeader(FrameInfo frame)
    {
        var map = CanonicalDescriptions.Map();
        map["index"] = frame.Index;
        map["first_step"] = frame.FirstStep;
        map["end_step"] = frame.EndStep;
        map["boundary_step"] = frame.BoundaryStep;
        return map;
    }

    /// <summary>
    /// Settings whose whole effect on a frame is its steps' schedule (scene, cross-fade, <c>t</c>) and its header
    /// (first, boundary and end step), which the form holds per frame: left out of <c>settings</c>, so extending an
    /// animation or reshaping a later part of it keeps the keys of the frames PyTTI computes identically.
    /// </summary>
    private static readonly HashSet<string> ScheduleShaping = new(StringComparer.Ordinal)
    {
        "steps_per_scene", "steps_per_frame", "pre_animation_steps", "interpolation_steps",
    };

    private SortedDictionary<string, object?> Settings()
    {
        var map = CanonicalDescriptions.Map();
        foreach (var setting in document.Settings.Values.Where(s => CanonicalDescriptions.IsPlain(s.Definition) && RelevanceRules.Holds(s.Definition, document)
                     && !ScheduleShaping.Contains(s.Definition.Name)))
            map[setting.Definition.Name] = _describe.Setting(setting);
        return map;
    }

    private static SortedDictionary<string, object?> Schedule(List<StepInfo> steps)
    {
        var map = CanonicalDescriptions.Map();
        map["scene"] = Compress(steps.Select(s => (object?)s.Scene));
        map["previous_scene"] = Compress(steps.Select(s => (object?)s.PreviousScene));
        map["tau"] = Compress(steps.Select(s => (object?)s.Tau));
        map["t"] = Compress(steps.Select(s => (object?)s.T));
        return map;
    }

    private SortedDictionary<string, object?> Scenes(List<StepInfo> steps)
    {
        var map = CanonicalDescriptions.Map();
        foreach (var scene in document.Scenes)
        {
            var active = steps.Where(s => (s.Scene == scene.Index && s.Tau > 0) || (s.PreviousScene == scene.Index && s.Tau < 1)).ToList();
            if (active.Count > 0)
                map[scene.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)] = scene.Prompts.Select(p => (object?)Prompt(p, active)).ToList();
        }
        return map;
    }

    private SortedDictionary<string, object?> Prompt(Prompt prompt, List<StepInfo> steps)
    {
        var map = _describe.Prompt(prompt);
        map["weight"] = Over(prompt.Weight, steps, "weight", prompt.Location);
        map["stop"] = Over(prompt.Stop, steps, "stop", prompt.Location);
        if (prompt.Mask.Kind is not (MaskKind.All or MaskKind.Image or MaskKind.Video))
            map["cutoff"] = Over(prompt.Cutoff, steps, "mask cutoff", prompt.Location);
        return map;
    }

    private SortedDictionary<string, object?> DirectPrompt(DirectPrompt prompt, List<StepInfo> steps)
    {
        var map = CanonicalDescriptions.Map();
        map["path"] = _describe.RelativePath(prompt.Path);
        map["mask"] = _describe.Mask(prompt.Mask);
        map["weight"] = Over(prompt.Weight, steps, "weight", prompt.Location);
        map["stop"] = Over(prompt.Stop, steps, "stop", prompt.Location);
        return map;
    }

    private SortedDictionary<string, object?> Losses(List<StepInfo> steps)
    {
        var losses = document.Losses;
        var hasInit = document.Values.InitImage.Length > 0;
        var initSteps = hasInit ? steps.Where(s => !document.IsAnimated || s.Index < _firstBoundary).ToList() : [];
        var stabilizationSteps = steps.Where(s => hasInit || (document.IsAnimated && s.Index >= _firstBoundary)).ToList();
        var map = CanonicalDescriptions.Map();
        Add(map, "direct_init", losses.DirectInit, initSteps);
        Add(map, "semantic_init", losses.SemanticInit, document.Scenes.Count > 0 ? initSteps.Where(s => s.Scene == 0 || s.PreviousScene == 0).ToList() : []);
        Add(map, "direct_stabilization", losses.DirectStabilization, stabilizationSteps);
        Add(map, "semantic_stabilization", losses.SemanticStabilization, stabilizationSteps);
        Add(map, "depth_stabilization", losses.DepthStabilization, stabilizationSteps);
        Add(map, "edge_stabilization", losses.EdgeStabilization, stabilizationSteps);
        Add(map, "flow_stabilization", RelevanceRules.Holds(Relevance.Flow, document) ? losses.FlowStabilization : null, steps.Where(s => s.Index >= _firstBoundary).ToList());
        return map;
    }

    private void Add(SortedDictionary<string, object?> map, string name, LossWeight? loss, List<StepInfo> steps)
    {
        if (loss is null || steps.Count == 0)
            return;
        var entry = CanonicalDescriptions.Map();
        entry["mask"] = _describe.Mask(loss.Mask);
        entry["weight"] = Over(loss.Weight, steps, name, loss.Location);
        entry["stop"] = Over(loss.Stop, steps, name + " stop", loss.Location);
        map[name] = entry;
    }

    private SortedDictionary<string, object?> Motion(double t)
    {
        var map = CanonicalDescriptions.Map();
        foreach (var setting in document.Settings.Values.Where(s => s.Definition.Type == ParameterType.FrameExpression && RelevanceRules.Holds(s.Definition, document)))
            map[setting.Definition.Name] = _timeline.At((CompiledExpression)setting.Value!, t, setting.Location ?? SourceLocation.None, $"'{setting.Definition.Name}'");
        return map;
    }

    private object? Over(CompiledExpression expression, List<StepInfo> steps, string what, SourceLocation? location = null) =>
        _timeline.Over(expression, steps.Select(s => s.T).ToList(), location ?? document.Settings[what].Location ?? SourceLocation.None, what);

    private static object? Compress(IEnumerable<object?> values)
    {
        var list = values.ToList();
        return list.Count > 0 && list.All(v => Equals(v, list[0])) ? list[0] : list;
    }
}
