using System.CommandLine;
using Pytti.Cli.Preview;
using Pytti.Pipeline.Rendering;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti watch FILE... [--set key=value]... [--models-dir DIR] [--device D] [--offline] [--cache DIR] [--preview=PORT] [--preview-host H]</c>:
/// renders the scenes with the live preview page and renders them again whenever a file beside them is saved.
/// </summary>
internal sealed class WatchCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var files = new Argument<string[]>("files") { Description = "Scene files (*.pytti.yaml).", Arity = ArgumentArity.OneOrMore };
        var set = ScenesOptions.Set();
        var modelsDir = new Option<string?>("--models-dir") { Description = "Model store folder (default as for render)." };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N (default: the scene's device)." };
        var offline = new Option<bool>("--offline") { Description = "Never download models." };
        var cache = new Option<string?>("--cache") { Description = "Frame cache folder (default: .pytti/cache)." };
        var preview = new PreviewCommandLine();
        var command = new Command("watch", "Render scene files with the live preview page, and again whenever the scene or a file beside it is saved; unchanged frames come from the cache.")
        {
            files, set, modelsDir, device, offline, cache,
        };
        foreach (var option in preview.Options) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var requests = parse.GetValue(files)!.Select(f => new RenderRequest(Path.GetFullPath(f, env.WorkingDirectory))
            {
                Overrides = parse.GetValue(set) ?? [],
                WorkingDirectory = env.WorkingDirectory,
                ModelsDirectory = parse.GetValue(modelsDir),
                Device = parse.GetValue(device),
                Offline = parse.GetValue(offline),
                CacheDirectory = parse.GetValue(cache) is { } c ? Path.GetFullPath(c, env.WorkingDirectory) : null,
            }).ToList();
            return await Run(env, preview.Parse(parse) ?? PreviewOptions.Parse(null, null), requests, cancel);
        });
        return command;
    }

    public static async Task<int> Run(CliEnvironment env, PreviewOptions options, IReadOnlyList<RenderRequest> requests, CancellationToken cancel)
    {
        using var session = PreviewSession.Start(env, options, cancel);
        var ignored = requests.Select(r => r.CacheDirectory ?? Path.Combine(r.WorkingDirectory, ".pytti"))
            .Append(Path.Combine(env.WorkingDirectory, "images_out"));
        using var changes = new SceneChanges(requests.Select(r => r.ScenePath), ignored);
        return await new WatchLoop(env, session, requests).RunAsync(changes, cancel);
    }
}
