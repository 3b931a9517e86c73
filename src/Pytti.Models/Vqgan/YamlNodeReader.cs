using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Pytti.Models.Vqgan;

/// <summary>
/// Typed access to one YAML mapping, with errors that name the file and the dotted key
/// (<c>tiny.yaml: model.params.ddconfig.ch: expected an integer, got 'x'</c>). Scalars follow
/// PyYAML (YAML 1.1) as taming's OmegaConf reads them: <c>True</c>/<c>False</c>/<c>yes</c>/<c>no</c> booleans.
/// </summary>
internal sealed class YamlNodeReader
{
    private readonly string _source;
    private readonly YamlNode _node;
    private readonly string _path;

    public YamlNodeReader(string source, YamlNode node, string path)
    {
        _source = source;
        _node = node;
        _path = path;
    }

    public YamlNodeReader Mapping(string key) =>
        Required(key) is YamlMappingNode mapping
            ? new YamlNodeReader(_source, mapping, Key(key))
            : throw Error(key, "expected a mapping");

    public string String(string key) =>
        Required(key) is YamlScalarNode { Value: { } value } ? value : throw Error(key, "expected a text value");

    public int PositiveInt(string key)
    {
        var value = ParseInt(key, Required(key));
        return value > 0 ? value : throw Error(key, $"expected a positive integer, got {value}");
    }

    public double? OptionalDouble(string key)
    {
        if (Optional(key) is not { } node) return null;
        var text = Scalar(key, node);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(key, $"expected a number, got '{text}'");
    }

    public bool? OptionalBool(string key)
    {
        if (Optional(key) is not { } node) return null;
        var text = Scalar(key, node);
        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(key, $"expected true or false, got '{text}'"),
        };
    }

    public IReadOnlyList<int>? OptionalIntList(string key)
    {
        if (Optional(key) is not { } node) return null;
        if (node is not YamlSequenceNode sequence) throw Error(key, "expected a list of integers");
        return [.. sequence.Children.Select(child => ParseInt(key, child))];
    }

    public VqganConfigException Error(string key, string problem) =>
        new($"{_source}: {Key(key)}: {problem}.");

    private string Key(string key) => _path.Length == 0 ? key : _path + "." + key;

    private YamlNode? Optional(string key)
    {
        if (_node is not YamlMappingNode mapping) return null;
        return mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) && !IsNull(child) ? child : null;
    }

    private YamlNode Required(string key) => Optional(key) ?? throw Error(key, "missing");

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } scalar
        && (scalar.Value is null or "" or "~" || string.Equals(scalar.Value, "null", StringComparison.OrdinalIgnoreCase));

    private string Scalar(string key, YamlNode node) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(key, "expected a single value");

    private int ParseInt(string key, YamlNode node)
    {
        var text = Scalar(key, node);
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(key, $"expected an integer, got '{text}'");
    }
}
