using System.CommandLine;
using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Rendering;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti cache gc [FILE...] [--cache DIR]</c>: removes cached frames and objects no given scene
/// references (default: every <c>*.pytti.yaml</c> under the working directory).
/// </summary>
internal sealed class CacheCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var files = new Argument<string[]>("files") { Description = "Scenes whose frames to keep (default: every *.pytti.yaml below the working directory).", Arity = ArgumentArity.ZeroOrMore };
        var cache = new Option<string?>("--cache") { Description = "Frame cache folder (default: .pytti/cache)." };
        var gc = new Command("gc", "Remove cached frames and files that no scene references any more.") { files, cache };
        gc.SetAction(parse =>
        {
            var root = parse.GetValue(cache) is { } c ? Path.GetFullPath(c, env.WorkingDirectory) : Path.Combine(env.WorkingDirectory, ".pytti", "cache");
            var scenes = CleanCommand.Scenes(env, parse.GetValue(files));
            var result = CacheMaintenance.CollectGarbage(root, scenes);
            env.Out.WriteLine($"Removed {result.RecordsRemoved} frame record(s) and {result.ObjectsRemoved} file(s), {result.BytesFreed / 1024.0:F1} KiB, from {root}.");
            return PyttiApp.ExitOk;
        });
        var command = new Command("cache", "Manage the frame cache.");
        command.Subcommands.Add(gc);
        return command;
    }
}

/// <summary><c>pytti clean [FILE...]</c>: deletes the scenes' outputs (frames, logs, manifests, videos, render logs); the cache stays.</summary>
internal sealed class CleanCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var files = new Argument<string[]>("files") { Description = "Scenes whose outputs to delete (default: every *.pytti.yaml below the working directory).", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Output folder the scenes were rendered into (default: the build's, for a scene in a content project; else images_out/<file_namespace>)." };
        var command = new Command("clean", "Delete rendered outputs; the frame cache is kept, so the next render restores them without rendering.") { files, output };
        command.SetAction(parse =>
        {
            var removed = 0;
            foreach (var scene in Scenes(env, parse.GetValue(files)))
            {
                removed += CacheMaintenance.Clean(ContentProject.WithFolders(scene, cache: null, parse.GetValue(output))).Count;
            }
            env.Out.WriteLine($"Removed {removed} output file(s).");
            return PyttiApp.ExitOk;
        });
        return command;
    }

    internal static IReadOnlyList<RenderRequest> Scenes(CliEnvironment env, string[]? files)
    {
        var paths = files is { Length: > 0 } ? files
            : Directory.EnumerateFiles(env.WorkingDirectory, "*.pytti.yaml", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}.pytti{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToArray();
        return paths.Select(p => new RenderRequest(p) { WorkingDirectory = env.WorkingDirectory }).ToList();
    }
}
