using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Schema;
using YamlDotNet.Core;

namespace Pytti.Scenes.Yaml;

/// <summary>
/// Reads <c>key=value</c> overrides (CLI <c>--set</c>, MSBuild). The value is taken verbatim as
/// text, except for list parameters where it is read as YAML (<c>perceptors=[ViTB16, RN50]</c>).
/// Locations are <c>&lt;override&gt;(N,col)</c>: the N-th override, column inside it.
/// Relative paths resolve against the working directory.
/// </summary>
public static class OverrideParser
{
    public const string FileName = "<override>";

    public static IEnumerable<YamlEntry> Parse(IReadOnlyList<string> overrides, string workingDirectory, DiagnosticBag diagnostics)
    {
        for (var i = 0; i < overrides.Count; i++)
        {
            var text = overrides[i];
            var equals = text.IndexOf('=');
            var at = new SourceLocation(FileName, i + 1, 1) { BaseDirectory = workingDirectory };
            if (equals <= 0)
            {
                diagnostics.Add(ErrorCodes.InvalidOverride, $"override '{text}' must look like key=value", at);
                continue;
            }
            var key = text[..equals].Trim();
            if (key == ParameterSchema.ExtendsKey)
            {
                diagnostics.Add(ErrorCodes.InvalidOverride, "'extends' cannot be overridden; name the base files in the scene file", at);
                continue;
            }
            var raw = text[(equals + 1)..];
            var valueAt = at with { Column = equals + 2 };
            var keyNode = new YamlScalar(key, ScalarStyle.Plain, at);
            var value = IsList(key) ? YamlTreeReader.Read(raw, FileName, workingDirectory, diagnostics) is { } node ? Shift(node, valueAt) : null
                : new YamlScalar(raw, ScalarStyle.Plain, valueAt);
            if (value is not null)
                yield return new YamlEntry(keyNode, value);
        }
    }

    private static bool IsList(string key) =>
        ParameterSchema.Find(key)?.Type is ParameterType.Perceptors or ParameterType.AudioFilters or ParameterType.List;

    private static YamlValue Shift(YamlValue node, SourceLocation valueAt) => node switch
    {
        YamlScalar s => s with { Location = Moved(s.Location, valueAt) },
        YamlList l => new YamlList(l.Items.Select(item => Shift(item, valueAt)).ToList(), Moved(l.Location, valueAt)),
        YamlMap m => new YamlMap(m.Entries.Select(e => new YamlEntry((YamlScalar)Shift(e.Key, valueAt), Shift(e.Value, valueAt))).ToList(), Moved(m.Location, valueAt)),
        _ => node,
    };

    private static SourceLocation Moved(SourceLocation inValue, SourceLocation valueAt) =>
        valueAt with { Column = valueAt.Column + inValue.Column - 1 };
}
