namespace Pytti.Scenes.Expressions;

/// <summary>
/// erf, erfc, gamma and lgamma, which .NET's Math lacks: Taylor series / continued fraction for erf,
/// Stirling's series with upward recurrence for lgamma, exact products for whole-number gamma.
/// Relative accuracy is about 1e-13.
/// </summary>
internal static class SpecialFunctions
{
    private static readonly double SqrtPi = Math.Sqrt(Math.PI);

    public static double Erf(double x) => Math.Abs(x) < 3 ? ErfSeries(x) : Math.Sign(x) * (1 - ErfcFraction(Math.Abs(x)));

    public static double Erfc(double x) => x >= 3 ? ErfcFraction(x) : 1 - Erf(x);

    private static double ErfSeries(double x)
    {
        double sum = 0, term = x;
        for (var n = 0; n < 100 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / SqrtPi * sum;
    }

    /// <summary>erfc(x) = exp(-x^2)/sqrt(pi) / (x + 1/2 / (x + 1 / (x + 3/2 / (x + ...)))) for x >= 3.</summary>
    private static double ErfcFraction(double x)
    {
        var fraction = x;
        for (var k = 60; k >= 1; k--)
            fraction = x + k / 2.0 / fraction;
        return Math.Exp(-x * x) / SqrtPi / fraction;
    }

    public static double Gamma(double x)
    {
        if (x <= 0 && x == Math.Floor(x))
            return double.NaN;
        if (x == Math.Floor(x) && x <= 171)
        {
            var product = 1.0;
            for (var i = 2; i < x; i++)
                product *= i;
            return product;
        }
        if (x < 0.5)
            return Math.PI / (Math.Sin(Math.PI * x) * Gamma(1 - x));
        return Math.Exp(LogGamma(x));
    }

    public static double LogGamma(double x)
    {
        if (x <= 0 && x == Math.Floor(x))
            return double.NaN;
        if (x < 0.5)
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        var shift = 0.0;
        while (x < 10)
        {
            shift += Math.Log(x);
            x += 1;
        }
        var inverse = 1 / x;
        var inverse2 = inverse * inverse;
        var series = inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 * (1.0 / 1680))));
        return (x - 0.5) * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI) + series - shift;
    }
}
