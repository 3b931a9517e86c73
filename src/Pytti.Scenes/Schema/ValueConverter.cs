using System.Globalization;
using System.Numerics;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Schema;

/// <summary>
/// Converts a parameter's YAML node into its typed value, reporting wrong types, ranges and enum
/// values with the list of what is allowed. Expressions and DSL strings come out as text here;
/// they are compiled once the audio variables are known (<see cref="SceneBuilder"/>).
/// </summary>
internal sealed class ValueConverter(DiagnosticBag diagnostics, string workingDirectory)
{
    /// <summary>The typed value, or false after reporting why there is none.</summary>
    public bool TryConvert(ParameterDefinition definition, YamlValue node, out object? value)
    {
        value = null;
        switch (definition.Type)
        {
            case ParameterType.Perceptors:
                return TryList(definition, node, out value, PerceptorNames.Convert);
            case ParameterType.List:
                value = Ignored(node);
                return true;
            case ParameterType.AudioFilters:
                return AudioFilterReader.TryRead(definition, node, diagnostics, out value);
        }
        if (!TryScalar(definition, node, out var scalar))
            return false;
        value = ConvertScalar(definition, scalar);
        return value is not Invalid;
    }

    private object? ConvertScalar(ParameterDefinition definition, YamlScalar scalar) => definition.Type switch
    {
        ParameterType.Integer => Integer(definition, scalar),
        ParameterType.Number => Number(definition, scalar),
        ParameterType.NullableNumber => scalar.IsNull ? null : Number(definition, scalar),
        ParameterType.Boolean => ScalarText.TryBoolean(scalar.Text, out var flag) ? flag : Fail(ErrorCodes.WrongType, definition, scalar),
        ParameterType.Choice => Choice(definition, scalar),
        ParameterType.Seed => ScalarText.TryInteger(scalar.Text, out var seed) && InSeedRange(seed) ? seed.ToString(CultureInfo.InvariantCulture) : Fail(ErrorCodes.WrongType, definition, scalar),
        ParameterType.Device => DeviceName(definition, scalar),
        ParameterType.Model => (object?)ModelReference.Convert(definition, scalar, diagnostics, workingDirectory) ?? Invalid.Value,
        ParameterType.Path when !PathResolver.IsValid(scalar.Text) => Fail(ErrorCodes.InvalidPath, definition, scalar),
        ParameterType.Path => PathResolver.Resolve(scalar.IsNull ? "" : scalar.Text.Trim(), scalar.Location.BaseDirectory ?? workingDirectory),
        ParameterType.FrameExpression or ParameterType.StepExpression when scalar.IsNull => Fail(ErrorCodes.WrongType, definition, scalar),
        _ => scalar.IsNull ? "" : scalar.Text,
    };

    /// <summary><c>rotate_3d: [1, 0, 0, 0]</c> written as a YAML list of numbers or expressions: the list expression they spell.</summary>
    public static YamlValue ListExpression(YamlList list) =>
        list.Items.All(i => i is YamlScalar { IsNull: false })
            ? new YamlScalar("[" + string.Join(", ", list.Items.Cast<YamlScalar>().Select(i => i.Text)) + "]", YamlDotNet.Core.ScalarStyle.Plain, list.Location)
            : list;

    private bool TryScalar(ParameterDefinition definition, YamlValue node, out YamlScalar scalar)
    {
        scalar = node as YamlScalar ?? new YamlScalar("", YamlDotNet.Core.ScalarStyle.Plain, node.Location);
        if (node is not YamlScalar)
        {
            diagnostics.Add(ErrorCodes.WrongType, $"'{definition.Name}' must be {definition.Describe()}, not {node.KindName}", node.Location);
            return false;
        }
        if (scalar.IsPlain && scalar.Text == "???")
        {
            diagnostics.Add(ErrorCodes.MissingRequired, $"'{definition.Name}' is '???' (OmegaConf's 'value required'); write the value", scalar.Location);
            return false;
        }
        return true;
    }

    private bool TryList(ParameterDefinition definition, YamlValue node, out object? value, Func<YamlScalar, DiagnosticBag, string?> convert)
    {
        IReadOnlyList<YamlValue> items = node switch
        {
            YamlList list => list.Items,
            YamlScalar { IsNull: true } => [],
            YamlScalar scalar => [scalar],
            _ => [node],
        };
        var result = new List<string>();
        var ok = true;
        foreach (var item in items)
        {
            var converted = item is YamlScalar scalar ? convert(scalar, diagnostics) : null;
            if (item is not YamlScalar)
                diagnostics.Add(ErrorCodes.WrongType, $"'{definition.Name}' entries must be names or paths, not {item.KindName}", item.Location);
            if (converted is null) ok = false;
            else if (!result.Contains(converted)) result.Add(converted);
        }
        value = result;
        return ok;
    }

    /// <summary><c>mmc_models</c> and the like: any YAML is accepted and kept only as text for explain.</summary>
    private static IReadOnlyList<string> Ignored(YamlValue node) => node switch
    {
        YamlScalar { IsNull: true } => [],
        YamlScalar scalar => [scalar.Text],
        YamlList list => list.Items.Select(item => item is YamlScalar s ? s.Text : item.KindName).ToList(),
        _ => [node.KindName],
    };

    private object Integer(ParameterDefinition definition, YamlScalar scalar)
    {
        if (definition.AcceptsInfinity && ScalarText.TryNumber(scalar.Text, out var number) && double.IsPositiveInfinity(number))
            return long.MaxValue;
        if (!ScalarText.TryWhole(scalar.Text, out var value))
            return Fail(ErrorCodes.WrongType, definition, scalar);
        var (min, max) = definition.Wide ? (long.MinValue, long.MaxValue) : (int.MinValue, (long)int.MaxValue);
        var upper = definition.Max is { } limit ? BigInteger.Min(new BigInteger(limit), max) : max;   // not through a double: 2^63-1 would round up to 2^63
        if (value < (definition.Min is { } low ? new BigInteger(low) : min) || value > upper)
            return Fail(ErrorCodes.OutOfRange, definition, scalar);
        return definition.Wide ? (object)(long)value : (int)value;
    }

    private object Number(ParameterDefinition definition, YamlScalar scalar)
    {
        if (!ScalarText.TryNumber(scalar.Text, out var value) || double.IsNaN(value))
            return Fail(ErrorCodes.WrongType, definition, scalar);
        if (value < (definition.Min ?? double.NegativeInfinity) || value > (definition.Max ?? double.PositiveInfinity))
            return Fail(ErrorCodes.OutOfRange, definition, scalar);
        return value;
    }

    private object Choice(ParameterDefinition definition, YamlScalar scalar)
    {
        var text = scalar.Text;
        if (definition.Name == "animation_mode" && scalar.IsPlain && ScalarText.TryBoolean(text, out var flag) && !flag)
            text = "off";
        if (definition.Choices!.Contains(text, StringComparer.Ordinal))
            return text;
        var hint = Suggestions.DidYouMean(text, definition.Choices!);
        diagnostics.Add(ErrorCodes.InvalidEnum, $"'{definition.Name}' must be {definition.Describe()}, not '{text}'{hint}", scalar.Location);
        return Invalid.Value;
    }

    private object DeviceName(ParameterDefinition definition, YamlScalar scalar)
    {
        var text = scalar.Text.Trim();
        if (ScalarText.TryInteger(text, out var index) && index >= 0 && index < 1024)
            return string.Create(CultureInfo.InvariantCulture, $"cuda:{index}");
        if (text is "auto" or "cpu" or "cuda")
            return text;
        if (text.StartsWith("cuda:", StringComparison.Ordinal) && ScalarText.TryInteger(text[5..], out index) && index >= 0 && index < 1024)
            return string.Create(CultureInfo.InvariantCulture, $"cuda:{index}");
        return Fail(ErrorCodes.InvalidEnum, definition, scalar);
    }

    private static bool InSeedRange(BigInteger seed) => seed >= -(BigInteger.One << 63) && seed < BigInteger.One << 64;

    private Invalid Fail(string code, ParameterDefinition definition, YamlScalar scalar)
    {
        diagnostics.Add(code, $"'{definition.Name}' must be {definition.Describe()}, not '{scalar.Text}'", scalar.Location);
        return Invalid.Value;
    }

    /// <summary>Marks a value that failed conversion (null is a valid value for some parameters).</summary>
    private sealed class Invalid
    {
        public static readonly Invalid Value = new();
    }
}
