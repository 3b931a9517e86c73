using System.CommandLine;
using Pytti.Scenes.Hydra;

namespace Pytti.Cli.Commands;

/// <summary>
/// The scene commands' positional arguments, read as PyTTI's command line reads them: scene files and
/// trailing Hydra-style <c>key=value</c> overrides (<c>pytti render a.pytti.yaml steps_per_scene=20</c>),
/// or, with <c>--config-dir DIR</c>, a PyTTI config folder composed like
/// <c>python -m pytti.workhorse conf=NAME key=value</c> (every argument is then an override).
/// A token with a <c>=</c> is an override unless a file of that name exists.
/// </summary>
internal static class SceneArguments
{
    /// <summary>Scene files and overrides; <see cref="Split"/> tells them apart.</summary>
    public static Argument<string[]> Tokens() => new("arguments")
    {
        Description = "Scene files (*.pytti.yaml) and Hydra-style overrides key=value (conf=NAME, +perceptor=RN50, scenes=\" \"); overrides win over the files and over --set.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string?> ConfigDir() => new("--config-dir")
    {
        Description = $"A PyTTI config folder ({HydraRoot.DefaultConfig}, conf/NAME.yaml, ...): composed like 'python -m pytti.workhorse conf=NAME'; the arguments are then all overrides.",
    };

    /// <summary>A usage error (exit 2) when neither a scene file nor <c>--config-dir</c> is given.</summary>
    public static void Require(Command command, Argument<string[]> tokens, Option<string?> configDir) =>
        command.Validators.Add(result =>
        {
            if (result.GetValue(configDir) is null && (result.GetValue(tokens) ?? []).Length == 0)
                result.AddError(NoScene(command.Name));
        });

    private static string NoScene(string command) =>
        $"{command} needs a scene file (pytti {command} scene.pytti.yaml [key=value]...) or a PyTTI config folder (pytti {command} --config-dir config conf=NAME [key=value]...).";

    /// <summary>What the arguments name: the files (for <c>--config-dir</c>, its <c>default.yaml</c>) and the overrides, <c>--set</c> ones first.</summary>
    public sealed record Parsed(IReadOnlyList<string> Files, IReadOnlyList<string> Overrides);

    public static Parsed Split(CliEnvironment env, string command, string[]? tokens, string? configDir, string[]? set)
    {
        tokens ??= [];
        var overrides = (set ?? []).Concat(tokens.Where(t => IsOverride(env, t))).ToList();
        var files = tokens.Where(t => !IsOverride(env, t)).ToList();
        if (configDir is null)
            return files.Count > 0 ? new Parsed(files, overrides)
                : throw new UserErrorException(CliErrorCodes.Arguments, NoScene(command));
        if (files.Count > 0)
            throw new UserErrorException(CliErrorCodes.Arguments, $"'{files[0]}' is not key=value: with --config-dir every argument is an override (conf=NAME, key=value); name a scene file without --config-dir instead.");
        var root = Path.Combine(Path.GetFullPath(configDir, env.WorkingDirectory), HydraRoot.DefaultConfig);
        return File.Exists(root) ? new Parsed([root], overrides)
            : throw new UserErrorException(CliErrorCodes.Arguments, $"{configDir}: --config-dir names a PyTTI config folder, which holds {HydraRoot.DefaultConfig}; there is none. Pass the folder that holds {HydraRoot.DefaultConfig} and conf/.");
    }

    /// <summary>A scene command that takes one scene: the file and its overrides.</summary>
    public static (string File, IReadOnlyList<string> Overrides) Single(CliEnvironment env, string command, string[]? tokens, string? configDir, string[]? set)
    {
        var parsed = Split(env, command, tokens, configDir, set);
        return parsed.Files.Count == 1 ? (parsed.Files[0], parsed.Overrides)
            : throw new UserErrorException(CliErrorCodes.Arguments, $"{command} takes one scene file, not {parsed.Files.Count} ({string.Join(", ", parsed.Files)}); run it once per file.");
    }

    /// <summary>Key=value text; a path no longer than a path can be is a file when one of that name exists.</summary>
    private static bool IsOverride(CliEnvironment env, string token) =>
        token.IndexOf('=') > 0 && (token.Length > 4096 || !File.Exists(Path.GetFullPath(token, env.WorkingDirectory)));
}
