namespace Pytti.Scenes.Expressions;

/// <summary>erf, erfc, gamma and lgamma, which .NET's Math lacks (Numerical Recipes erfc, Lanczos gamma).</summary>
internal static class SpecialFunctions
{
    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    public static double Erf(double x) => 1 - Erfc(x);

    /// <summary>Complementary error function, fractional error below 1.2e-7.</summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        var r = t * Math.Exp(poly);
        return x >= 0 ? r : 2 - r;
    }

    public static double Gamma(double x)
    {
        if (x <= 0 && x == Math.Floor(x))
            return double.NaN;
        if (x < 0.5)
            return Math.PI / (Math.Sin(Math.PI * x) * Gamma(1 - x));
        var (t, a) = Lanczos(x - 1);
        return Math.Sqrt(2 * Math.PI) * Math.Pow(t, x - 0.5) * Math.Exp(-t) * a;
    }

    public static double LogGamma(double x)
    {
        if (x <= 0 && x == Math.Floor(x))
            return double.NaN;
        if (x < 0.5)
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        var (t, a) = Lanczos(x - 1);
        return 0.5 * Math.Log(2 * Math.PI) + (x - 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    /// <summary>Lanczos approximation (g = 7) of Gamma(x + 1) = sqrt(2 pi) t^(x + 0.5) e^-t a.</summary>
    private static (double T, double A) Lanczos(double x)
    {
        var a = LanczosCoefficients[0];
        for (var i = 1; i < LanczosCoefficients.Length; i++)
            a += LanczosCoefficients[i] / (x + i);
        return (x + 7.5, a);
    }
}
