using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Schema;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes;

/// <summary>
/// Turns merged YAML entries into one <see cref="Setting"/> per parameter: unknown keys are reported
/// with the closest valid key, values converted, defaults filled in. A value that fails conversion is
/// reported and replaced by its default so that later checks still run.
/// </summary>
internal sealed class SettingsBinder(DiagnosticBag diagnostics, string workingDirectory)
{
    public (Dictionary<string, Setting> Settings, Dictionary<string, YamlValue> Nodes, HashSet<string> Failed) Bind(IReadOnlyDictionary<string, YamlEntry> entries, SourceLocation root)
    {
        ReportUnknownKeys(entries.Values);
        var converter = new ValueConverter(diagnostics, workingDirectory);
        var settings = new Dictionary<string, Setting>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in ParameterSchema.All)
        {
            var entry = entries.GetValueOrDefault(definition.Name);
            if (entry is null && definition.IsRequired)
                diagnostics.Add(ErrorCodes.MissingRequired, $"'{definition.Name}' is required, for example: scenes: 'a cat | a dog:2 || a sunset'", root);
            var node = entry?.Value ?? DefaultValues.Node(definition.Name) ?? new YamlScalar("", YamlDotNet.Core.ScalarStyle.Plain, root);
            if (definition.Type == ParameterType.FrameExpression && node is YamlList list)
                node = ValueConverter.ListExpression(list);
            if (!converter.TryConvert(definition, node, out var value) && entry is not null && DefaultValues.Node(definition.Name) is { } fallback)
            {
                failed.Add(definition.Name);
                node = fallback;
                converter.TryConvert(definition, fallback, out value);
            }
            nodes[definition.Name] = node;
            settings[definition.Name] = new Setting(definition, value, entry?.Value.Location);
        }
        return (settings, nodes, failed);
    }

    private void ReportUnknownKeys(IEnumerable<YamlEntry> entries)
    {
        var names = ParameterSchema.All.Select(p => p.Name).Append(ParameterSchema.ExtendsKey).ToList();
        foreach (var entry in entries.Where(e => ParameterSchema.Find(e.Key.Text) is null))
        {
            var hint = Suggestions.Closest(entry.Key.Text, names) is { } best ? $"; did you mean '{best}'?" : "; see the parameter list in src/Pytti.Scenes/README.md";
            diagnostics.Add(ErrorCodes.UnknownKey, $"unknown parameter '{entry.Key.Text}'{hint}", entry.Key.Location);
        }
    }
}
