using Pytti.Scenes.Canonical;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Planning;
using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Explain;

/// <summary>
/// What <c>pytti explain</c> shows, as a JSON-ready tree (format <c>pytti-explain/1</c>, documented in
/// the README): effective settings with their sources, scenes and prompts, the frame plan, and the
/// canonical values of the selected frames.
/// </summary>
public static class ExplainReport
{
    public const string Format = "pytti-explain/1";

    /// <param name="frames">The canonical forms of the frames in <paramref name="range"/> (<see cref="SceneCheck.FramesIn"/>).</param>
    public static SortedDictionary<string, object?> Build(SceneDocument document, FramePlan plan, IEnumerable<CanonicalFrame> frames, FrameRange range)
    {
        var describe = new CanonicalDescriptions(document);
        var map = CanonicalDescriptions.Map();
        map["format"] = Format;
        map["file"] = document.RootFile;
        map["settings"] = Settings(document, describe);
        map["perceptors"] = document.Perceptors.Cast<object?>().ToList();
        map["scenes"] = document.Scenes.Select(s => (object?)Scene(s, describe)).ToList();
        map["direct_prompts"] = document.DirectPrompts.Select(p => (object?)Direct(p, describe)).ToList();
        map["losses"] = Losses(document, describe);
        map["plan"] = Plan(plan, range);
        map["frames"] = frames.Where(f => range.Contains(f.Frame.Index)).Select(f => (object?)f.Value).ToList();
        return map;
    }

    private static SortedDictionary<string, object?> Settings(SceneDocument document, CanonicalDescriptions describe)
    {
        var map = CanonicalDescriptions.Map();
        foreach (var setting in document.Settings.Values)
        {
            var entry = CanonicalDescriptions.Map();
            entry["value"] = setting.Value is CompiledExpression e ? e.Text : describe.Setting(setting);
            entry["default"] = setting.IsDefault;
            entry["source"] = setting.Location?.ToString();
            entry["matters"] = setting.Definition.Relevance == Relevance.Perceptor
                ? document.Perceptors.Contains(setting.Definition.Name)
                : RelevanceRules.Holds(setting.Definition, document) && setting.Definition.Relevance != Relevance.Output;
            map[setting.Definition.Name] = entry;
        }
        return map;
    }

    private static SortedDictionary<string, object?> Scene(Scene scene, CanonicalDescriptions describe)
    {
        var map = CanonicalDescriptions.Map();
        map["index"] = scene.Index;
        map["text"] = scene.Text;
        map["prompts"] = scene.Prompts.Select(p => (object?)Prompt(p, describe)).ToList();
        return map;
    }

    private static SortedDictionary<string, object?> Prompt(Prompt prompt, CanonicalDescriptions describe)
    {
        var map = describe.Prompt(prompt);
        map["weight"] = prompt.Weight.Text;
        map["stop"] = prompt.Stop.Text;
        map["cutoff"] = prompt.Cutoff.Text;
        map["source"] = prompt.Location.ToString();
        return map;
    }

    private static SortedDictionary<string, object?> Direct(DirectPrompt prompt, CanonicalDescriptions describe)
    {
        var map = CanonicalDescriptions.Map();
        map["path"] = describe.RelativePath(prompt.Path);
        map["mask"] = describe.Mask(prompt.Mask);
        map["weight"] = prompt.Weight.Text;
        map["stop"] = prompt.Stop.Text;
        map["source"] = prompt.Location.ToString();
        return map;
    }

    /// <summary>
    /// The losses that can act: a weight is set and its parameter matters for this scene (no flow loss in
    /// animation mode <c>off</c>, no init loss without an init image), as the renderer and the frame keys see them.
    /// </summary>
    private static SortedDictionary<string, object?> Losses(SceneDocument document, CanonicalDescriptions describe)
    {
        var map = CanonicalDescriptions.Map();
        foreach (var (name, loss) in document.Losses.Named().Where(l => l.Weight is not null && CanAct(l.Name, document)))
        {
            var entry = CanonicalDescriptions.Map();
            entry["weight"] = loss!.Weight.Text;
            entry["stop"] = loss.Stop.Text;
            entry["mask"] = describe.Mask(loss.Mask);
            map[name] = entry;
        }
        return map;
    }

    private static bool CanAct(string loss, SceneDocument document) =>
        ParameterSchema.Find(loss + "_weight") is { } parameter && RelevanceRules.Holds(parameter, document);

    /// <summary>
    /// The schedule: every frame while the plan has at most <see cref="PlanLimits.MaxFrames"/>, else the frames of
    /// <paramref name="range"/> (which <c>explain</c> then requires); <c>frame_count</c> always counts them all.
    /// </summary>
    private static SortedDictionary<string, object?> Plan(FramePlan plan, FrameRange range)
    {
        var map = CanonicalDescriptions.Map();
        map["scene_count"] = plan.SceneCount;
        map["total_steps"] = plan.TotalSteps;
        map["frame_count"] = plan.FrameCount;
        var listed = plan.FrameCount <= PlanLimits.MaxFrames ? plan.Frames : plan.Frames.Range(range.First, range.Last ?? range.First + PlanLimits.MaxFrames - 1);
        map["frames"] = listed.Select(f => (object?)Frame(plan, f)).ToList();
        return map;
    }

    /// <summary>A frame of the plan; <c>tau</c> and <c>previous_scene</c> are the cross-fade at its boundary (or first step).</summary>
    private static SortedDictionary<string, object?> Frame(FramePlan plan, FrameInfo frame)
    {
        var step = plan.Step(frame.BoundaryStep ?? frame.FirstStep);
        return new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["index"] = frame.Index, ["first_step"] = frame.FirstStep, ["end_step"] = frame.EndStep, ["boundary_step"] = frame.BoundaryStep,
            ["t"] = frame.T, ["scene"] = frame.Scene, ["previous_scene"] = step.PreviousScene, ["tau"] = step.Tau,
        };
    }
}
