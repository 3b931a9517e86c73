using System.CommandLine;
using System.Diagnostics;
using Pytti.Models.Store;
using Pytti.Pipeline.Rendering;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti models fetch [NAME...] [--scene FILE...] [--models-dir DIR]</c>: downloads registered models (or pinned ones) by
/// name, and every registered model the given scenes render with, ahead of time (CI caches, air gaps). Each download
/// resumes a <c>.partial</c> file and is verified before it is placed, as in a render.
/// </summary>
internal static class ModelFetchCommand
{
    public static Command Build(CliEnvironment env, Option<string?> modelsDir)
    {
        var names = new Argument<string[]>("name") { Arity = ArgumentArity.ZeroOrMore, Description = "Registered model names (`pytti models list`)." };
        var scenes = new Option<string[]>("--scene") { Arity = ArgumentArity.OneOrMore, Description = "Fetch what these scene files need." };
        var fetch = new Command("fetch", "Download and verify models ahead of time: by name, or what scene files need.") { names, scenes, modelsDir };
        fetch.SetAction((parse, cancellationToken) =>
        {
            var (requested, sceneFiles) = (parse.GetValue(names) ?? [], parse.GetValue(scenes) ?? []);
            if (requested.Length == 0 && sceneFiles.Length == 0)
                throw new ModelStoreException(ModelErrorCodes.UnknownModel, "name the models to fetch (see `pytti models list`), or give --scene FILE for what a scene needs.");
            var root = parse.GetValue(modelsDir);
            ModelStore Open(string? folder) => new(ModelStore.ResolveRoot(folder), null, env.ModelHttp);
            var store = Open(root);
            var progress = new FetchProgress(env);
            foreach (var name in requested)
                store.EnsureAsync(Find(store, name), progress, cancellationToken).GetAwaiter().GetResult();
            foreach (var scene in sceneFiles)
                SceneModels.Ensure(scene, env.WorkingDirectory, root, Open, progress, cancellationToken);
            return Task.FromResult(PyttiApp.ExitOk);
        });
        return fetch;
    }

    /// <summary>A registered name, else a pinnable one with its pinned digest.</summary>
    /// <exception cref="ModelStoreException">PYTTI123 for an unknown name; PYTTI120 for a pinnable one not pinned yet.</exception>
    private static ModelSource Find(ModelStore store, string name)
    {
        if (ModelRegistry.Find(name) is { } registered) return registered;
        if (PinnableModels.Find(name) is { } pinnable) return store.SourceFor(pinnable);
        throw new ModelStoreException(ModelErrorCodes.UnknownModel,
            $"'{name}' is not a registered model; known: {string.Join(", ", ModelRegistry.All.Select(s => s.Name).Concat(PinnableModels.All.Select(m => m.Name)))}.");
    }

    /// <summary>One line per file when it is verified (or moved aside, or waited for), and a byte count every few seconds while it downloads.</summary>
    private sealed class FetchProgress(CliEnvironment env) : IProgress<DownloadProgress>
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last = -Interval;

        public void Report(DownloadProgress value)
        {
            var line = value.Stage switch
            {
                DownloadStage.Verified => $"verified {value.Source.Name} ({value.Source.Kind}, {value.BytesDone:N0} bytes, SHA-256 {value.Source.Sha256})",
                DownloadStage.Waiting or DownloadStage.Discarded => value.Message,
                DownloadStage.Downloading when _clock.Elapsed - _last >= Interval => Downloading(value),
                _ => null,
            };
            if (line is null) return;
            _last = _clock.Elapsed;
            env.Out.WriteLine(line);
        }

        private static string Downloading(DownloadProgress value) => value.BytesTotal is { } total and > 0
            ? $"downloading {value.Source.Name}: {value.BytesDone:N0} of {total:N0} bytes ({100.0 * value.BytesDone / total:F0}%)"
            : $"downloading {value.Source.Name}: {value.BytesDone:N0} bytes";
    }
}
