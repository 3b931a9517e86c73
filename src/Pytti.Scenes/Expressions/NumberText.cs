using System.Globalization;

namespace Pytti.Scenes.Expressions;

/// <summary>Culture-invariant, round-trip number text: <c>0.5</c>, <c>-inf</c>, <c>nan</c> (Python spelling).</summary>
public static class NumberText
{
    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
