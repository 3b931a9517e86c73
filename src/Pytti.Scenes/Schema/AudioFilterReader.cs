using System.Text.RegularExpressions;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Schema;

/// <summary>
/// Reads <c>input_audio_filters</c>: a list of mappings with <c>variable_name</c>, <c>f_center</c>,
/// <c>f_width</c> (Hz) and optional <c>order</c> (default 5). The band must lie inside (0, 22050) Hz,
/// where scipy's band-pass design accepts it.
/// </summary>
internal static partial class AudioFilterReader
{
    private static readonly string[] Keys = ["variable_name", "f_center", "f_width", "order"];
    private const double Nyquist = 22050;

    public static bool TryRead(ParameterDefinition definition, YamlValue node, DiagnosticBag diagnostics, out object? value)
    {
        var filters = new List<AudioFilter>();
        value = filters;
        if (node is YamlScalar { IsNull: true })
            return true;
        if (node is not YamlList list)
        {
            diagnostics.Add(ErrorCodes.WrongType, $"'{definition.Name}' must be {definition.Describe()}, not {node.KindName}", node.Location);
            return false;
        }
        var before = diagnostics.Items.Count;
        foreach (var item in list.Items)
        {
            if (Read(item, diagnostics) is not { } filter)
                continue;
            if (filters.Any(f => f.VariableName == filter.VariableName))
                diagnostics.Add(ErrorCodes.InvalidAudioFilter, $"two filters are named '{filter.VariableName}'", item.Location);
            filters.Add(filter);
        }
        return diagnostics.Items.Count == before;
    }

    private static AudioFilter? Read(YamlValue item, DiagnosticBag diagnostics)
    {
        if (item is not YamlMap map)
        {
            diagnostics.Add(ErrorCodes.NotAMapping, "an audio filter must be a mapping with variable_name, f_center, f_width and optional order", item.Location);
            return null;
        }
        foreach (var entry in map.Entries.Where(e => !Keys.Contains(e.Key.Text)))
            diagnostics.Add(ErrorCodes.UnknownKey, $"unknown audio filter key '{entry.Key.Text}'{Suggestions.DidYouMean(entry.Key.Text, Keys)}; keys are: {string.Join(", ", Keys)}", entry.Key.Location);
        var name = Field(map, "variable_name", diagnostics);
        var center = Number(map, "f_center", diagnostics);
        var width = Number(map, "f_width", diagnostics);
        var order = map.Entries.FirstOrDefault(e => e.Key.Text == "order") is { } o ? Order(o, diagnostics) : 5;
        if (name is null || center is null || width is null || order is null || !ValidName(name, diagnostics) || !ValidBand(map, center.Value, width.Value, diagnostics))
            return null;
        return new AudioFilter(name.Text, center.Value, width.Value, order.Value);
    }

    private static YamlScalar? Field(YamlMap map, string key, DiagnosticBag diagnostics)
    {
        var entry = map.Entries.FirstOrDefault(e => e.Key.Text == key);
        if (entry?.Value is YamlScalar { IsNull: false } scalar)
            return scalar;
        diagnostics.Add(ErrorCodes.InvalidAudioFilter, $"the audio filter needs '{key}'", entry?.Value.Location ?? map.Location);
        return null;
    }

    private static double? Number(YamlMap map, string key, DiagnosticBag diagnostics)
    {
        if (Field(map, key, diagnostics) is not { } scalar)
            return null;
        if (ScalarText.TryNumber(scalar.Text, out var value) && double.IsFinite(value) && value > 0)
            return value;
        diagnostics.Add(ErrorCodes.WrongType, $"'{key}' must be a positive number of Hz, not '{scalar.Text}'", scalar.Location);
        return null;
    }

    private static int? Order(YamlEntry entry, DiagnosticBag diagnostics)
    {
        if (entry.Value is YamlScalar scalar && ScalarText.TryWhole(scalar.Text, out var order) && order >= 1 && order <= 50)
            return (int)order;
        diagnostics.Add(ErrorCodes.WrongType, "'order' must be a whole number from 1 to 50", entry.Value.Location);
        return null;
    }

    private static bool ValidName(YamlScalar name, DiagnosticBag diagnostics)
    {
        var reserved = name.Text == "t" || ExpressionScope.DepthVariables.Contains(name.Text) || MathLibrary.Functions.ContainsKey(name.Text) || MathLibrary.Constants.ContainsKey(name.Text);
        if (IdentifierPattern().IsMatch(name.Text) && !reserved)
            return true;
        diagnostics.Add(ErrorCodes.InvalidAudioFilter, $"'{name.Text}' cannot be a variable name: use letters, digits and '_', not starting with a digit, and not t, r, R, mu or a math name", name.Location);
        return false;
    }

    private static bool ValidBand(YamlMap map, double center, double width, DiagnosticBag diagnostics)
    {
        if (center - width / 2 > 0 && center + width / 2 < Nyquist)
            return true;
        diagnostics.Add(ErrorCodes.OutOfRange, $"the band {NumberText.Format(center - width / 2)}..{NumberText.Format(center + width / 2)} Hz must lie inside 0..22050 Hz", map.Location);
        return false;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
