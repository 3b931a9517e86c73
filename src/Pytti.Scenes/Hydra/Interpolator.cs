using System.Text;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Schema;
using Pytti.Scenes.Yaml;
using YamlDotNet.Core;

namespace Pytti.Scenes.Hydra;

/// <summary>
/// OmegaConf interpolation over the composed configuration: <c>${key}</c> and <c>${a.b}</c> refer to
/// other values (a whole-value reference keeps the referenced node, so errors point where that value
/// was written), <c>${resolver:arg}</c> calls one of <see cref="Resolvers"/>; <c>\${</c> is a literal.
/// Unknown keys and resolvers are reported at the <c>${</c> with the closest name.
/// </summary>
internal sealed class Interpolator(IReadOnlyDictionary<string, YamlEntry> entries, Resolvers resolvers, DiagnosticBag diagnostics)
{
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);

    public Dictionary<string, YamlEntry> ResolveAll() =>
        entries.ToDictionary(e => e.Key, e => e.Value with { Value = ResolveKey(e.Key) ?? e.Value.Value }, StringComparer.Ordinal);

    private YamlValue? ResolveKey(string key)
    {
        if (!_resolving.Add(key))
            return null;
        try
        {
            return Resolve(entries[key].Value);
        }
        finally
        {
            _resolving.Remove(key);
        }
    }

    private YamlValue Resolve(YamlValue node) => node switch
    {
        YamlScalar scalar when scalar.Text.Contains("${", StringComparison.Ordinal) => ResolveScalar(scalar),
        YamlList list => list with { Items = list.Items.Select(Resolve).ToList() },
        YamlMap map => map with { Entries = map.Entries.Select(e => e with { Value = Resolve(e.Value) }).ToList() },
        _ => node,
    };

    private YamlValue ResolveScalar(YamlScalar scalar)
    {
        var parts = InterpolationText.Split(scalar.Text);
        if (parts is [{ IsReference: true } only] && ReferenceNode(scalar, only) is { } whole)
            return whole;
        var text = new StringBuilder();
        foreach (var part in parts)
            text.Append(part.IsReference ? ReferenceText(scalar, part) : part.Text);
        return new YamlScalar(text.ToString(), ScalarStyle.DoubleQuoted, scalar.Location);
    }

    /// <summary>A plain <c>${key}</c>'s node; null for resolvers (their value is text).</summary>
    private YamlValue? ReferenceNode(YamlScalar at, InterpolationPart part)
    {
        if (part.Text.Contains(':', StringComparison.Ordinal))
            return null;
        return Lookup(at, part) ?? Missing(at, part);
    }

    private string ReferenceText(YamlScalar at, InterpolationPart part)
    {
        var colon = part.Text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return (Lookup(at, part) ?? Missing(at, part)) is YamlScalar s ? s.Text : NotText(at, part);
        var name = part.Text[..colon].Trim();
        if (resolvers.Resolve(name, part.Text[(colon + 1)..]) is { } value)
            return value;
        diagnostics.Add(ErrorCodes.Interpolation, $"unknown resolver '{name}'; PyTTI's configurations can use {string.Join(", ", Resolvers.Names)}{Suggestions.DidYouMean(name, Resolvers.Names)}", at.LocationAt(part.Offset));
        return "";
    }

    /// <summary>Follows <c>a.b.0</c> through mappings and lists; null when a step is missing.</summary>
    private YamlValue? Lookup(YamlScalar at, InterpolationPart part)
    {
        var path = part.Text.Trim().Split('.');
        if (!entries.ContainsKey(path[0]))
            return path.Length == 1 ? DefaultValues.Node(path[0]) : null;
        if (_resolving.Contains(path[0]))
        {
            diagnostics.Add(ErrorCodes.Interpolation, $"'${{{part.Text}}}' refers to itself through {string.Join(" -> ", _resolving)}", at.LocationAt(part.Offset));
            return new YamlScalar("", ScalarStyle.Plain, at.Location);
        }
        YamlValue? node = ResolveKey(path[0]);
        foreach (var step in path.Skip(1))
            node = node switch
            {
                YamlMap map => map.Entries.FirstOrDefault(e => e.Key.Text == step)?.Value,
                YamlList list when int.TryParse(step, out var i) && i >= 0 && i < list.Items.Count => list.Items[i],
                _ => null,
            };
        return node;
    }

    private YamlScalar Missing(YamlScalar at, InterpolationPart part)
    {
        var hint = Suggestions.DidYouMean(part.Text.Trim(), entries.Keys.Union(ParameterSchema.All.Select(p => p.Name)));
        diagnostics.Add(ErrorCodes.Interpolation, $"'${{{part.Text}}}' refers to a key the configuration does not have{hint}", at.LocationAt(part.Offset));
        return new YamlScalar("", ScalarStyle.SingleQuoted, at.Location);
    }

    private string NotText(YamlScalar at, InterpolationPart part)
    {
        diagnostics.Add(ErrorCodes.Interpolation, $"'${{{part.Text}}}' is a list or mapping and cannot be glued into text; use it as the whole value", at.LocationAt(part.Offset));
        return "";
    }
}
