using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes;

/// <summary>
/// Entry point: loads a <c>*.pytti.yaml</c> file with its <c>extends:</c> chain and overrides and
/// reports every mistake found, each with file, line and column.
/// </summary>
public static class SceneLoader
{
    public static SceneLoadResult Load(string path, SceneLoadOptions? options = null)
    {
        options ??= new SceneLoadOptions();
        var diagnostics = new DiagnosticBag();
        var reader = new SceneFileReader(diagnostics, options.WorkingDirectory);
        var full = Path.GetFullPath(path, options.WorkingDirectory);
        var entries = reader.Read(full);
        if (diagnostics.Items.Any(d => d.Code == ErrorCodes.FileNotFound && d.Location.Line == 0))
            return new SceneLoadResult(null, diagnostics.Items);
        foreach (var entry in OverrideParser.Parse(options.Overrides, options.WorkingDirectory, diagnostics))
            entries[entry.Key.Text] = entry;
        var document = SceneBuilder.Build(entries, reader.Display(full), Path.GetDirectoryName(full)!, options.WorkingDirectory, diagnostics);
        return new SceneLoadResult(diagnostics.HasErrors ? null : document, diagnostics.Items);
    }
}
