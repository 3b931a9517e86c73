using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes;

/// <summary>
/// Entry point: loads a <c>*.pytti.yaml</c> file with its <c>extends:</c> chain and overrides and
/// reports every mistake found, each with file, line and column.
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
        var reader = new SceneFileReader(diagnostics, options.WorkingDirectory);
        var full = Path.GetFullPath(path, options.WorkingDirectory);
        var entries = reader.Read(full);
        if (diagnostics.Items.Any(IsFileLevel))
            return new SceneLoadResult(null, Sorted(diagnostics.Items));
        foreach (var entry in OverrideParser.Parse(options.Overrides, options.WorkingDirectory, diagnostics))
            entries[entry.Key.Text] = entry;
        var document = SceneBuilder.Build(entries, reader.Display(full), Path.GetDirectoryName(full)!, options.WorkingDirectory, diagnostics);
        return new SceneLoadResult(diagnostics.HasErrors ? null : document, Sorted(diagnostics.Items));
    }
}
