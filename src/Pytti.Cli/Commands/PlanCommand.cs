using System.CommandLine;
using System.Text.Json;
using Pytti.Pipeline.Rendering;
using Spectre.Console;

namespace Pytti.Cli.Commands;

/// <summary><c>pytti plan FILE... [key=value]... [--json]</c> (or <c>--config-dir DIR conf=NAME</c>): for every frame, cached or dirty, and for dirty frames why.</summary>
internal sealed class PlanCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var tokens = SceneArguments.Tokens();
        var set = ScenesOptions.Set();
        var configDir = SceneArguments.ConfigDir();
        var cache = new Option<string?>("--cache") { Description = "Frame cache folder (default: .pytti/cache)." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var command = new Command("plan", "Show which frames a render would take from the cache and why the others must render.") { tokens, set, configDir, cache, json };
        SceneArguments.Require(command, tokens, configDir);
        command.SetAction(parse =>
        {
            var all = new List<object>();
            var arguments = SceneArguments.Split(env, "plan", parse.GetValue(tokens), parse.GetValue(configDir), parse.GetValue(set));
            foreach (var file in arguments.Files)
            {
                var request = new RenderRequest(file)
                {
                    Overrides = arguments.Overrides,
                    WorkingDirectory = env.WorkingDirectory,
                    CacheDirectory = parse.GetValue(cache) is { } c ? Path.GetFullPath(c, env.WorkingDirectory) : null,
                };
                var frames = RenderPlan.Compute(request);
                if (parse.GetValue(json))
                    all.Add(new { scene = file, frames = frames.Select(f => new { frame = f.Frame, first_step = f.FirstStep, end_step = f.EndStep, key = f.Key, cached = f.Cached, reason = f.Reason }) });
                else
                    WriteTable(env, file, frames);
            }
            if (parse.GetValue(json)) env.Out.WriteLine(JsonSerializer.Serialize(all, new JsonSerializerOptions { WriteIndented = true }));
            return PyttiApp.ExitOk;
        });
        return command;
    }

    private static void WriteTable(CliEnvironment env, string file, IReadOnlyList<PlannedFrame> frames)
    {
        var dirty = frames.Count(f => !f.Cached);
        env.Console.MarkupLineInterpolated($"[bold]{file}[/]: {frames.Count - dirty} cached, {dirty} to render");
        var table = new Table().AddColumns("Frame", "Steps", "State", "Why");
        foreach (var f in frames)
            table.AddRow(f.Frame.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{f.FirstStep}..{f.EndStep - 1}",
                f.Cached ? "[green]cached[/]" : "[yellow]dirty[/]", Markup.Escape(f.Reason ?? ""));
        env.Console.Write(table);
    }
}
