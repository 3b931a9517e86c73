using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pytti.Models.Store;
using Spectre.Console;

namespace Pytti.Cli.Commands;

/// <summary>
/// <c>pytti models list [--models-dir DIR] [--verify] [--json]</c>: registered models and their state in the store, including the
/// files this build ships no digest for ("needs digest" until pinned); <c>pytti models pin NAME SHA256</c> (<see cref="ModelPinCommand"/>);
/// <c>pytti models fetch</c> (<see cref="ModelFetchCommand"/>).
/// </summary>
internal sealed class ModelsCommand : ICliCommand
{
    private const string NeedsDigest = "needs digest";

    /// <summary>
    /// One registered file; <paramref name="ArchiveMember"/> is set when <paramref name="Url"/> is an archive the file is extracted from.
    /// <paramref name="Sha256"/> is null for a file that needs a digest pinned; <paramref name="Pinnable"/> is set for a file whose
    /// digest is the user's to pin (pinned or not).
    /// </summary>
    private sealed record Row(string Name, string Kind, string Status, string Path, long? Size, string Url, string? Sha256, string? ArchiveMember,
        PinnableModel? Pinnable = null);

    public Command Build(CliEnvironment env)
    {
        var models = new Command("models", "Registered models and the local model store.");
        models.Subcommands.Add(BuildList(env));
        models.Subcommands.Add(ModelPinCommand.Build(env, ModelsDirOption()));
        models.Subcommands.Add(ModelFetchCommand.Build(env, ModelsDirOption()));
        return models;
    }

    internal static Option<string?> ModelsDirOption() =>
        new("--models-dir") { Description = $"Model store folder (default: ${ModelStore.RootEnvironmentVariable}, else ~/.cache/pytti)." };

    private static Command BuildList(CliEnvironment env)
    {
        var modelsDir = ModelsDirOption();
        var verify = new Option<bool>("--verify") { Description = "Hash files that changed since they were last verified (slow for large models)." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var list = new Command("list", "List registered models and whether each is missing, present or verified (or needs its digest pinned).") { modelsDir, verify, json };
        list.SetAction(parse =>
        {
            var store = new ModelStore(ModelStore.ResolveRoot(parse.GetValue(modelsDir)));
            var rows = ModelRegistry.All.Select(source => ToRow(store, source, parse.GetValue(verify)))
                .Concat(PinnableModels.All.Select(model => ToRow(store, model, parse.GetValue(verify)))).ToList();
            if (parse.GetValue(json)) WriteJson(env, store, rows);
            else WriteTable(env, store, rows);
            return PyttiApp.ExitOk;
        });
        return list;
    }

    private static Row ToRow(ModelStore store, ModelSource source, bool verify)
    {
        var status = verify ? store.VerifyAsync(source).GetAwaiter().GetResult() : store.GetStatus(source);
        var path = store.PathFor(source);
        var sized = status == ModelStatus.Partial ? store.PartialPathFor(source) : path;
        return new Row(source.Name, source.Kind, status.ToString().ToLowerInvariant(), path, SizeOf(sized), source.Url.ToString(), source.Sha256, source.ArchiveMember);
    }

    /// <summary>A pinned file is listed as any registered one (verified against the pin); an unpinned one "needs digest".</summary>
    private static Row ToRow(ModelStore store, PinnableModel model, bool verify) => store.PinnedDigest(model) is { } digest
        ? ToRow(store, model.WithDigest(digest, store.PinsPath), verify) with { Pinnable = model }
        : new Row(model.Name, model.Kind, NeedsDigest, store.PathFor(model), SizeOf(store.PathFor(model)), model.Url.ToString(), null, null, model);

    private static long? SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : null;

    private static void WriteTable(CliEnvironment env, ModelStore store, IReadOnlyList<Row> rows)
    {
        env.Console.MarkupLineInterpolated($"Models directory: [bold]{store.Root}[/]");
        var table = new Table().AddColumns("Model", "Kind", "Status", "Size", "File");
        foreach (var row in rows)
            table.AddRow(Markup.Escape(row.Name), row.Kind, StatusMarkup(row.Status), FormatSize(row.Size), Markup.Escape(System.IO.Path.GetFileName(row.Path)));
        env.Console.Write(table);
        if (rows.Any(r => r.Status == "present"))
            env.Console.MarkupLine("'present' files are verified (SHA-256) when first used, or now with [bold]--verify[/].");
        var unpinned = rows.Where(r => r.Status == NeedsDigest).ToList();
        if (unpinned.Count == 0) return;
        env.Console.MarkupLine("'needs digest': this build ships no SHA-256 for these files, so the store fetches one only once you pin its digest:");
        foreach (var row in unpinned)
            env.Console.MarkupLineInterpolated($"  {row.Pinnable!.PinCommand}   ({row.Pinnable.WhereToReadDigest})");
        if (unpinned.Any(r => r.Kind == VqganModels.Kind))
            env.Console.MarkupLineInterpolated(
                $"A named VQGAN with neither file pinned uses the .ckpt and .yaml placed by hand in {System.IO.Path.Combine(store.Root, VqganModels.Kind)}, unverified; pin both to have them verified.");
    }

    private static string StatusMarkup(string status) => status switch
    {
        "verified" => "[green]verified[/]",
        "corrupt" => "[red]corrupt[/]",
        "partial" => "[yellow]partial[/]",
        "present" => "[yellow]present[/]",
        NeedsDigest => "[blue]needs digest[/]",
        _ => "[grey]missing[/]",
    };

    private static string FormatSize(long? bytes) => bytes switch
    {
        null => "-",
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.0} MiB"),
    };

    private static void WriteJson(CliEnvironment env, ModelStore store, IReadOnlyList<Row> rows)
    {
        var document = new
        {
            models_dir = store.Root,
            pins_file = store.PinsPath,
            models = rows.Select(r => new
            {
                name = r.Name, kind = r.Kind, status = r.Status, path = r.Path, size = r.Size, url = r.Url, archive_member = r.ArchiveMember, sha256 = r.Sha256,
                pinned = r.Pinnable is not null && r.Sha256 is not null,
                digest_page = r.Pinnable?.DigestPage?.ToString(),
                pin_command = r.Pinnable?.PinCommand,
            }),
        };
        env.Out.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
