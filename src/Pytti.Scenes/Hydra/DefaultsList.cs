using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Hydra;

/// <summary>One entry of Hydra's <c>defaults:</c> list: the file itself (<c>_self_</c>), or a config group and its chosen option.</summary>
internal abstract record DefaultsItem(SourceLocation Location);

/// <summary><c>_self_</c>: where the file's own keys are applied among its defaults.</summary>
internal sealed record SelfItem(SourceLocation Location) : DefaultsItem(Location);

/// <summary><c>group: option</c> (<c>conf: _empty</c>), read from <c>group/option.yaml</c> next to the file; option null = nothing.</summary>
internal sealed record GroupItem(string Group, string? Option, bool Optional, SourceLocation Location) : DefaultsItem(Location);

/// <summary>A plain name: <c>name.yaml</c> next to the file.</summary>
internal sealed record ConfigItem(string Name, SourceLocation Location) : DefaultsItem(Location);

/// <summary>Reads a <c>defaults:</c> list as Hydra does (<c>optional</c> and <c>override</c> prefixes included).</summary>
internal static class DefaultsList
{
    public const string Key = "defaults";

    public const string Self = "_self_";

    public static IReadOnlyList<DefaultsItem> Read(YamlValue node, DiagnosticBag diagnostics)
    {
        var items = new List<DefaultsItem>();
        if (node is YamlScalar { IsNull: true })
            return items;
        if (node is not YamlList list)
        {
            diagnostics.Add(ErrorCodes.HydraComposition, "Hydra's 'defaults' must be a list, for example: defaults: [_self_, {conf: _empty}]", node.Location);
            return items;
        }
        foreach (var item in list.Items)
        {
            if (ReadItem(item) is { } read)
                items.Add(read);
            else
                diagnostics.Add(ErrorCodes.HydraComposition, "a 'defaults' entry must be _self_, a config name or 'group: option'", item.Location);
        }
        if (!items.OfType<SelfItem>().Any())
            items.Add(new SelfItem(node.Location));
        return items;
    }

    private static DefaultsItem? ReadItem(YamlValue item) => item switch
    {
        YamlScalar { Text: Self } s => new SelfItem(s.Location),
        YamlScalar { IsNull: false } s => new ConfigItem(s.Text.Trim(), s.Location),
        YamlMap { Entries.Count: 1 } m when m.Entries[0].Value is YamlScalar option => Group(m.Entries[0].Key, option),
        _ => null,
    };

    private static GroupItem Group(YamlScalar key, YamlScalar option)
    {
        var words = key.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var optional = words.Length > 1 && words[0] == "optional";
        return new GroupItem(words[^1], option.IsNull ? null : option.Text.Trim(), optional, option.Location);
    }
}
