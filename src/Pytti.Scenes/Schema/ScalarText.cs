using System.Globalization;
using System.Numerics;

namespace Pytti.Scenes.Schema;

/// <summary>Reads scalar text the way YAML 1.1 (PyYAML, as PyTTI uses) spells numbers and booleans.</summary>
internal static class ScalarText
{
    public static bool TryBoolean(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                value = true;
                return true;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool TryInteger(string text, out BigInteger value)
    {
        value = default;
        var trimmed = text.Trim();
        return trimmed.Length > 0 && trimmed.TrimStart('+', '-').All(char.IsAsciiDigit) && trimmed.TrimStart('+', '-').Length > 0
            && trimmed.LastIndexOfAny(['+', '-']) <= 0
            && BigInteger.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A whole number, also written as a float with no fraction (<c>50.0</c>), as PyTTI's Python casts accept.</summary>
    public static bool TryWhole(string text, out BigInteger value)
    {
        if (TryInteger(text, out value))
            return true;
        var whole = TryNumber(text, out var number) && double.IsFinite(number) && number == Math.Floor(number);
        value = whole ? new BigInteger(number) : default;
        return whole;
    }

    public static bool TryNumber(string text, out double value)
    {
        var trimmed = text.Trim();
        switch (trimmed)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "inf" or "+inf":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF" or "-inf":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN" or "nan":
                value = double.NaN;
                return true;
        }
        return double.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            && trimmed.Length > 0 && !char.IsWhiteSpace(trimmed[0]);
    }
}
