using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Schema;

/// <summary>The schema's default YAML texts as nodes, read once.</summary>
internal static class DefaultValues
{
    public const string FileName = "<default>";

    private static readonly Dictionary<string, YamlValue> Nodes = SchemaTable.All
        .Where(p => p.Default is not null)
        .ToDictionary(p => p.Name, p => YamlTreeReader.Read(p.Default!, FileName, null, new DiagnosticBag())
            ?? new YamlScalar("", YamlDotNet.Core.ScalarStyle.Plain, new SourceLocation(FileName, 1, 1)), StringComparer.Ordinal);

    public static YamlValue? Node(string name) => Nodes.GetValueOrDefault(name);
}
