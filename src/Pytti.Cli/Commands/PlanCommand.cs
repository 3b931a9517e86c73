using System.CommandLine;
using System.Text.Json;
using Pytti.Pipeline.Rendering;
using Spectre.Console;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti plan FILE... [key=value]... [--json] [--remote-cache URL]</c> (or <c>--config-dir DIR conf=NAME</c>): for every
/// frame, cached (locally or remotely) or dirty, and for dirty frames why. The JSON gives a CI matrix what it needs per
/// scene: frame counts, dirty frames and the steps a render would run.
/// </summary>
internal sealed class PlanCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var tokens = SceneArguments.Tokens();
        var set = ScenesOptions.Set();
        var configDir = SceneArguments.ConfigDir();
        var cache = new Option<string?>("--cache") { Description = "Frame cache folder (default: the build's, for a scene in a content project; else .pytti/cache)." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var command = new Command("plan", "Show which frames a render would take from the cache and why the others must render.") { tokens, set, configDir, cache, json };
        SceneArguments.Require(command, tokens, configDir);
        var remote = new RemoteCacheArguments();
        remote.AddTo(command);
        command.SetAction(parse =>
        {
            var all = new List<object>();
            var arguments = SceneArguments.Split(env, "plan", parse.GetValue(tokens), parse.GetValue(configDir), parse.GetValue(set));
            foreach (var file in arguments.Files)
            {
                var request = ContentProject.WithFolders(new RenderRequest(file)
                {
                    Overrides = arguments.Overrides,
                    WorkingDirectory = env.WorkingDirectory,
                    RemoteCache = remote.Resolve(parse),
                }, parse.GetValue(cache), output: null);
                var plan = RenderPlan.For(request, warning => env.Error.WriteLine(warning.ToString()));
                if (parse.GetValue(json))
                    all.Add(Json(file, plan));
                else
                    WriteTable(env, file, plan);
            }
            if (parse.GetValue(json)) env.Out.WriteLine(JsonSerializer.Serialize(all, new JsonSerializerOptions { WriteIndented = true }));
            return PyttiApp.ExitOk;
        });
        return command;
    }

    /// <summary>
    /// One scene for a CI matrix: <c>estimated_steps</c> is what a render runs, from the first dirty frame to the end
    /// (it resumes from the checkpoint before it); frames cached only remotely are pulled, not rendered.
    /// </summary>
    private static object Json(string file, ScenePlan plan)
    {
        var frames = plan.Frames;
        var firstDirty = frames.FirstOrDefault(f => !f.Cached);
        return new
        {
            scene = file,
            cache = plan.CacheDirectory,
            output = plan.OutputDirectory,
            frame_count = frames.Count,
            cached = frames.Count(f => f.Cached && !f.Remote),
            remote = frames.Count(f => f.Remote),
            dirty = frames.Count(f => !f.Cached),
            estimated_steps = firstDirty is null ? 0 : frames[^1].EndStep - firstDirty.FirstStep,
            frames = frames.Select(f => new { frame = f.Frame, first_step = f.FirstStep, end_step = f.EndStep, key = f.Key, cached = f.Cached, remote = f.Remote, reason = f.Reason }),
        };
    }

    private static void WriteTable(CliEnvironment env, string file, ScenePlan plan)
    {
        var frames = plan.Frames;
        var dirty = frames.Count(f => !f.Cached);
        env.Console.MarkupLineInterpolated($"[bold]{file}[/]: {frames.Count - dirty} cached, {dirty} to render");
        env.Console.MarkupLineInterpolated($"Cache:  {plan.CacheDirectory}");
        env.Console.MarkupLineInterpolated($"Output: {plan.OutputDirectory}");
        var table = new Table().AddColumns("Frame", "Steps", "State", "Why");
        foreach (var f in frames)
            table.AddRow(f.Frame.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{f.FirstStep}..{f.EndStep - 1}",
                f.Remote ? "[green]remote[/]" : f.Cached ? "[green]cached[/]" : "[yellow]dirty[/]", Markup.Escape(f.Reason ?? ""));
        env.Console.Write(table);
    }
}
