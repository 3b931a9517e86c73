using Pytti.Scenes.Canonical;
using Pytti.Scenes.Expressions;
using Spectre.Console;

namespace Pytti.Cli.Commands;

/// <summary>The human-readable form of an explain report (the JSON form is the stable one).</summary>
internal static class ScenesExplainText
{
    private static SortedDictionary<string, object?> Map(object? value) => (SortedDictionary<string, object?>)value!;

    private static IEnumerable<SortedDictionary<string, object?>> Maps(object? value) => ((IEnumerable<object?>)value!).Select(Map);

    /// <summary>Numbers as Python prints them (<c>-inf</c>), text bare, anything else as compact JSON.</summary>
    private static string Json(object? value) => value switch
    {
        string s => s,
        double d => NumberText.Format(d),
        IEnumerable<object?> list when list.All(v => v is double) => "[" + string.Join(", ", list.Select(v => NumberText.Format((double)v!))) + "]",
        _ => CanonicalJson.Serialize(value),
    };

    public static void Write(CliEnvironment env, SortedDictionary<string, object?> report)
    {
        env.Out.WriteLine($"File: {report["file"]}");
        var paths = Map(report["paths"]);
        env.Out.WriteLine($"Output: {paths["output"]}");
        env.Out.WriteLine($"Cache: {paths["cache"]}");
        WriteSettings(env, Map(report["settings"]));
        env.Out.WriteLine($"Perceptors: {string.Join(", ", (IEnumerable<object?>)report["perceptors"]!)}");
        WriteScenes(env, Maps(report["scenes"]));
        WritePlan(env, Map(report["plan"]));
        foreach (var frame in Maps(report["frames"]))
            WriteFrame(env, frame);
    }

    private static void WriteSettings(CliEnvironment env, SortedDictionary<string, object?> settings)
    {
        var table = new Table().AddColumns("Parameter", "Value", "Source");
        foreach (var (name, entry) in settings.Select(p => (p.Key, Map(p.Value))))
        {
            var source = entry["source"] as string ?? "(default)";
            var matters = (bool)entry["matters"]! ? "" : " (unused)";
            table.AddRow(Markup.Escape(name), Markup.Escape(Json(entry["value"])), Markup.Escape(source + matters));
        }
        env.Console.Write(table);
    }

    private static void WriteScenes(CliEnvironment env, IEnumerable<SortedDictionary<string, object?>> scenes)
    {
        foreach (var scene in scenes)
        {
            env.Out.WriteLine($"Scene {scene["index"]}: {scene["text"]}");
            foreach (var prompt in Maps(scene["prompts"]))
            {
                var target = prompt.TryGetValue("text", out var text) ? $"\"{text}\"" : $"[{prompt["path"]}]";
                env.Out.WriteLine($"  {prompt["kind"]} {target}  weight {prompt["weight"]}  stop {prompt["stop"]}  mask {Json(prompt["mask"])}{((bool)prompt["disabled"]! ? "  (disabled: weight 0)" : "")}");
            }
        }
    }

    private static void WritePlan(CliEnvironment env, SortedDictionary<string, object?> plan) =>
        env.Out.WriteLine($"Plan: {plan["scene_count"]} scene(s), {plan["total_steps"]} steps, {plan["frame_count"]} frame(s)");

    private static void WriteFrame(CliEnvironment env, SortedDictionary<string, object?> frame)
    {
        var header = Map(frame["frame"]);
        var schedule = Map(frame["schedule"]);
        var boundary = header["boundary_step"] is null ? "none" : header["boundary_step"]!.ToString();
        env.Out.WriteLine($"Frame {header["index"]}: steps {header["first_step"]}..{(long)header["end_step"]! - 1}, boundary {boundary}, scene {Json(schedule["scene"])}");
        if (frame.TryGetValue("motion", out var motion))
        {
            foreach (var (name, value) in Map(motion))
                env.Out.WriteLine($"  {name} = {Json(value)}");
        }
        env.Out.WriteLine($"  smoothing_weight = {Json(frame["smoothing_weight"])}");
        foreach (var (scene, prompts) in Map(frame["scenes"]))
        {
            var index = 0;
            foreach (var prompt in Maps(prompts))
                env.Out.WriteLine($"  scene {scene} prompt {index++}: weight = {Json(prompt["weight"])}, stop = {Json(prompt["stop"])}");
        }
        foreach (var (name, loss) in Map(frame["losses"]))
            env.Out.WriteLine($"  {name}: weight = {Json(Map(loss)["weight"])}, stop = {Json(Map(loss)["stop"])}");
    }
}
