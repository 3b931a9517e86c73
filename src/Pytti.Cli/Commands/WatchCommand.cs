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
        var cache = new Option<string?>("--cache") { Description = "Frame cache folder (default: the build's, for a scene in a content project; else .pytti/cache)." };
        var preview = new PreviewCommandLine();
        var command = new Command("watch", "Render scene files with the live preview page, and again whenever the scene or a file beside it is saved; unchanged frames come from the cache.")
        {
            files, set, modelsDir, device, offline, cache,
        };
        foreach (var option in preview.Options) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var requests = parse.GetValue(files)!.Select(f => Request(env, f, parse.GetValue(set) ?? [], parse.GetValue(modelsDir),
                parse.GetValue(device), parse.GetValue(offline), parse.GetValue(cache))).ToList();
            return await Run(env, preview.Parse(parse) ?? PreviewOptions.Parse(null, null), requests, cancel);
        });
        return command;
    }

    /// <summary>
    /// What <c>watch</c> renders for one scene file: as <c>pytti render</c> without <c>-o</c>, into the frame cache and the
    /// output folder its content project's <c>dotnet build</c> uses, when it is in one.
    /// </summary>
    internal static RenderRequest Request(CliEnvironment env, string file, IReadOnlyList<string> overrides, string? modelsDir, string? device,
        bool offline, string? cache) =>
        ContentProject.WithFolders(new RenderRequest(Path.GetFullPath(file, env.WorkingDirectory))
        {
            Overrides = overrides,
            WorkingDirectory = env.WorkingDirectory,
            ModelsDirectory = modelsDir,
            Device = device,
            Offline = offline,
        }, cache, output: null);

    public static async Task<int> Run(CliEnvironment env, PreviewOptions options, IReadOnlyList<RenderRequest> requests, CancellationToken cancel)
    {
        using var session = PreviewSession.Start(env, options, cancel);
        var ignored = requests.Select(r => r.CacheDirectory ?? Path.Combine(r.WorkingDirectory, ".pytti"))
            .Concat(requests.Select(r => r.OutputDirectory).OfType<string>())   // a project's outputs may lie beside its scenes
            .Append(Path.Combine(env.WorkingDirectory, "images_out"));
        using var changes = new SceneChanges(requests.Select(r => r.ScenePath), ignored);
        return await new WatchLoop(env, session, requests).RunAsync(changes, cancel);
    }
}
