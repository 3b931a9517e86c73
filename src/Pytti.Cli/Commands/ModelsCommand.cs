using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pytti.Models.Store;
using Spectre.Console;

namespace Pytti.Cli.Commands;

/// <summary><c>pytti models list [--models-dir DIR] [--verify] [--json]</c>: registered models and their state in the store.</summary>
internal sealed class ModelsCommand : ICliCommand
{
    /// <summary>One registered file; <paramref name="ArchiveMember"/> is set when <paramref name="Url"/> is an archive the file is extracted from.</summary>
    private sealed record Row(string Name, string Kind, string Status, string Path, long? Size, string Url, string Sha256, string? ArchiveMember);

    public Command Build(CliEnvironment env)
    {
        var models = new Command("models", "Registered models and the local model store.");
        models.Subcommands.Add(BuildList(env));
        return models;
    }

    private static Command BuildList(CliEnvironment env)
    {
        var modelsDir = new Option<string?>("--models-dir") { Description = $"Model store folder (default: ${ModelStore.RootEnvironmentVariable}, else ~/.cache/pytti)." };
        var verify = new Option<bool>("--verify") { Description = "Hash files that changed since they were last verified (slow for large models)." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var list = new Command("list", "List registered models and whether each is missing, present or verified.") { modelsDir, verify, json };
        list.SetAction(parse =>
        {
            var store = new ModelStore(ModelStore.ResolveRoot(parse.GetValue(modelsDir)));
            var rows = ModelRegistry.All.Select(source => ToRow(store, source, parse.GetValue(verify))).ToList();
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
        long? size = File.Exists(sized) ? new FileInfo(sized).Length : null;
        return new Row(source.Name, source.Kind, status.ToString().ToLowerInvariant(), path, size, source.Url.ToString(), source.Sha256, source.ArchiveMember);
    }

    private static void WriteTable(CliEnvironment env, ModelStore store, IReadOnlyList<Row> rows)
    {
        env.Console.MarkupLineInterpolated($"Models directory: [bold]{store.Root}[/]");
        var table = new Table().AddColumns("Model", "Kind", "Status", "Size", "File");
        foreach (var row in rows)
            table.AddRow(Markup.Escape(row.Name), row.Kind, StatusMarkup(row.Status), FormatSize(row.Size), Markup.Escape(System.IO.Path.GetFileName(row.Path)));
        env.Console.Write(table);
        if (rows.Any(r => r.Status == "present"))
            env.Console.MarkupLine("'present' files are verified (SHA-256) when first used, or now with [bold]--verify[/].");
    }

    private static string StatusMarkup(string status) => status switch
    {
        "verified" => "[green]verified[/]",
        "corrupt" => "[red]corrupt[/]",
        "partial" => "[yellow]partial[/]",
        "present" => "[yellow]present[/]",
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
            models = rows.Select(r => new { name = r.Name, kind = r.Kind, status = r.Status, path = r.Path, size = r.Size, url = r.Url, archive_member = r.ArchiveMember, sha256 = r.Sha256 }),
        };
        env.Out.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
