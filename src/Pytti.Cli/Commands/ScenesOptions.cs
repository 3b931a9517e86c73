using System.CommandLine;
using Pytti.Scenes;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Cli.Commands;

/// <summary>Options shared by the scene commands (<c>explain</c>, <c>check</c>) and how diagnostics are printed.</summary>
internal static class ScenesOptions
{
    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a parameter, key=value; repeatable; wins over the files (e.g. --set steps_per_scene=20).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static SceneLoadOptions LoadOptions(CliEnvironment env, IReadOnlyList<string>? overrides) =>
        new() { WorkingDirectory = env.WorkingDirectory, Overrides = overrides ?? [] };

    /// <summary>One line per diagnostic: <c>path(line,col): error PYTTInnn: message</c>.</summary>
    public static void Write(TextWriter writer, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
            writer.WriteLine(diagnostic.ToString());
    }
}
