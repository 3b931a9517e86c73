using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Hydra;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes;

/// <summary>
/// Entry point: loads a <c>*.pytti.yaml</c> file with its <c>extends:</c> chain and overrides, or a
/// Hydra configuration as PyTTI's command line composes it (<see cref="HydraRoot"/>), and reports
/// every mistake found, each with file, line and column.
/// </summary>
public static class SceneLoader
{
    /// <summary>
    /// Without repeats (a prefix error is found once per scene), by file, line and column (stable, so
    /// equal locations keep the order they were found in).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Sorted(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Distinct().OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToList();

    /// <summary>Errors after which the settings cannot be trusted: the root file is missing, is not YAML, or is not a mapping.</summary>
    private static bool IsFileLevel(Diagnostic d) => d.Code switch
    {
        ErrorCodes.YamlSyntax => true,
        ErrorCodes.NotAMapping => d.Message.StartsWith("a scene file", StringComparison.Ordinal),
        ErrorCodes.FileNotFound => d.Location.Line == 0,
        _ => false,
    };

    public static SceneLoadResult Load(string path, SceneLoadOptions? options = null)
    {
        options ??= new SceneLoadOptions();
        var diagnostics = new DiagnosticBag();
        var full = Path.GetFullPath(path, options.WorkingDirectory);
        var (root, conf) = HydraRoot.Resolve(full);
        bool IsGroup(string key) => HydraRoot.IsGroup(root, key);
        var selections = new Dictionary<string, GroupSelection>(StringComparer.Ordinal);
        foreach (var selection in OverrideParser.Selections(options.Overrides, options.WorkingDirectory, IsGroup).Prepend(conf).OfType<GroupSelection>())
            selections[selection.Group] = selection;
        var reader = new SceneFileReader(diagnostics, options.WorkingDirectory) { Selections = selections };
        var entries = reader.Read(root);
        if (diagnostics.Items.Any(IsFileLevel))
            return new SceneLoadResult(null, Sorted(diagnostics.Items));
        foreach (var added in reader.UnusedSelections.ToList())
            SceneFileReader.MergeInto(entries, reader.ReadGroupFile(Path.GetDirectoryName(root)!, added.Group, added.Option, added.Location));
        foreach (var entry in OverrideParser.Parse(options.Overrides, options.WorkingDirectory, diagnostics, IsGroup))
            entries[entry.Key.Text] = entry;
        var resolvers = new Resolvers(options.Now);
        entries = WithDrawnSeed(new Interpolator(entries, resolvers, diagnostics).ResolveAll(), resolvers);
        var document = SceneBuilder.Build(entries, reader.Display(full), Path.GetDirectoryName(full)!, options.WorkingDirectory, diagnostics) with { Clock = resolvers.Clock };
        return new SceneLoadResult(diagnostics.HasErrors ? null : document, Sorted(diagnostics.Items));
    }

    /// <summary><c>seed: null</c> (PyTTI: torch left unseeded) becomes a seed drawn from the clock.</summary>
    private static Dictionary<string, YamlEntry> WithDrawnSeed(Dictionary<string, YamlEntry> entries, Resolvers resolvers)
    {
        if (entries.GetValueOrDefault("seed") is { Value: YamlScalar { IsNull: true } seed } entry)
            entries["seed"] = entry with { Value = seed with { Text = resolvers.DrawSeed() } };
        return entries;
    }
}
