using System.CommandLine;
using Pytti.Scenes.Canonical;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Explain;
using Pytti.Scenes.Planning;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti explain FILE [key=value]... [--set key=value]... [--frames A..B] [--json]</c>: the effective configuration
/// (defaults marked), each scene's prompts, the frame plan and the per-frame values of every expression.
/// Errors are printed to standard error (exit 1), like <c>pytti check</c>.
/// </summary>
internal sealed class ExplainCommand : ICliCommand
{
    private const string Description =
        "Show how a scene file is read: effective settings (defaults marked), scenes and prompts, the frame plan, "
        + "and each frame's canonical values (expressions evaluated). With --json, one stable JSON object "
        + "(format \"pytti-explain/1\", keys sorted; documented in src/Pytti.Scenes/README.md): "
        + "format, file, settings {name: {value, default, source, matters}}, perceptors, scenes [{index, text, prompts}], "
        + "direct_prompts, losses, plan {scene_count, total_steps, frame_count, frames}, frames [canonical form of each selected frame], "
        + "paths {cache, output} (where pytti render keeps the frames and writes the outputs: the build's in a content project).";

    public Command Build(CliEnvironment env)
    {
        var tokens = SceneArguments.Tokens();
        var set = ScenesOptions.Set();
        var configDir = SceneArguments.ConfigDir();
        var frames = new Option<string?>("--frames") { Description = "Frames whose values to show: A..B, A.., ..B or A (default: all)." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object instead of text." };
        var command = new Command("explain", Description) { tokens, set, configDir, frames, json };
        SceneArguments.Require(command, tokens, configDir);
        command.SetAction(parse =>
        {
            var (file, overrides) = SceneArguments.Single(env, "explain", parse.GetValue(tokens), parse.GetValue(configDir), parse.GetValue(set));
            return Run(env, file, overrides, parse.GetValue(frames), parse.GetValue(json));
        });
        return command;
    }

    private static int Run(CliEnvironment env, string file, IReadOnlyList<string> overrides, string? frames, bool json)
    {
        var range = frames is null ? FrameRange.All : FrameRange.TryParse(frames, out var rangeError)
            ?? throw new UserErrorException(rangeError!.Code, rangeError.Message);
        var check = SceneCheck.Run(file, ScenesOptions.LoadOptions(env, overrides));
        if (!check.Success)
        {
            ScenesOptions.Write(env.Error, check.Diagnostics);
            return PyttiApp.ExitUserError;
        }
        var count = check.Plan!.FrameCount;
        if (frames is not null && range.First >= count)
            throw new UserErrorException(ErrorCodes.InvalidFrameRange, $"--frames '{frames}' is outside the plan, which has {count} frame(s) (0..{count - 1})");
        if (count > PlanLimits.MaxFrames && range.CountIn(count) > PlanLimits.MaxFrames)
            throw new UserErrorException(ErrorCodes.InvalidFrameRange,
                $"{check.Document!.RootFile} plans {count} frames, more than explain shows at once ({PlanLimits.MaxFrames}); choose some with --frames A..B");
        var errors = new DiagnosticBag();
        var selected = check.FramesIn(range, errors).ToList();   // frames past what check evaluated can still fail
        if (errors.HasErrors)
        {
            ScenesOptions.Write(env.Error, errors.Items);
            return PyttiApp.ExitUserError;
        }
        var report = ExplainReport.Build(check.Document!, check.Plan, selected, range);
        report["paths"] = Paths(env, file, check.Document!.Values.FileNamespace);
        if (json)
            env.Out.WriteLine(CanonicalJson.Serialize(report, indented: true));
        else
            ScenesExplainText.Write(env, report);
        return PyttiApp.ExitOk;
    }

    /// <summary>Where <c>pytti render</c> of the scene (without <c>--cache</c> or <c>-o</c>) keeps its frames and writes its outputs.</summary>
    private static SortedDictionary<string, object?> Paths(CliEnvironment env, string file, string fileNamespace)
    {
        var request = ContentProject.WithFolders(new Pipeline.Rendering.RenderRequest(file) { WorkingDirectory = env.WorkingDirectory }, cache: null, output: null);
        return new(StringComparer.Ordinal) { ["cache"] = request.CacheRoot, ["output"] = request.OutputFor(fileNamespace) };
    }
}
