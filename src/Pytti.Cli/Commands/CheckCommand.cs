using System.CommandLine;
using Pytti.Scenes.Explain;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Planning;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti check FILE... [key=value]... [--set key=value]...</c> or <c>pytti check --config-dir DIR conf=NAME [key=value]...</c>: loads each scene file, plans it and evaluates every
/// expression over the plan. Prints every error as <c>path(line,col): error PYTTInnn: message</c> on
/// standard output (like a compiler) and exits 1 when any file has errors, else 0.
/// </summary>
internal sealed class CheckCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var tokens = SceneArguments.Tokens();
        var set = ScenesOptions.Set();
        var configDir = SceneArguments.ConfigDir();
        var command = new Command("check", "Validate scene files and print every error with its location; exit code 1 when there are errors.") { tokens, set, configDir };
        SceneArguments.Require(command, tokens, configDir);
        command.SetAction(parse => Run(env, SceneArguments.Split(env, "check", parse.GetValue(tokens), parse.GetValue(configDir), parse.GetValue(set))));
        return command;
    }

    private static int Run(CliEnvironment env, SceneArguments.Parsed arguments)
    {
        var failed = 0;
        var files = arguments.Files;
        foreach (var file in files)
        {
            var check = SceneCheck.Run(file, ScenesOptions.LoadOptions(env, arguments.Overrides));
            ScenesOptions.Write(env.Out, check.Diagnostics);
            if (check.Success)
                env.Out.WriteLine($"{check.Document!.RootFile}: ok ({check.Document.Scenes.Count} scenes, {check.Plan!.TotalSteps} steps, {check.Plan.FrameCount} frames){Partial(check)}");
            else
                failed++;
        }
        if (failed > 0)
            env.Out.WriteLine($"{failed} of {files.Count} file(s) have errors.");
        return failed > 0 ? PyttiApp.ExitUserError : PyttiApp.ExitOk;
    }

    /// <summary>For a plan too long to walk in full: how far its expressions were evaluated, and that render and plan refuse it.</summary>
    private static string Partial(SceneCheck check)
    {
        var notes = new List<string>();
        if (!check.CheckedAll)
            notes.Add($"expressions evaluated over its first {check.CheckedSteps} steps (t < {NumberText.Format(check.Plan!.TimeAt(check.CheckedSteps))} s)");
        if (PlanLimits.RenderTooLong(check.Document!, check.Plan!) is not null)
            notes.Add($"too long to render or plan here (at most {PlanLimits.MaxSteps} steps and {PlanLimits.MaxFrames} frames)");
        return notes.Count == 0 ? "" : "; " + string.Join("; ", notes);
    }
}
