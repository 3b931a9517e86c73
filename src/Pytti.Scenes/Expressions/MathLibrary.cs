namespace Pytti.Scenes.Expressions;

/// <summary>
/// The names PyTTI's evaluator offers (reference 2.7): <c>abs max min round</c>, the functions and
/// constants of Python's <c>math</c> module that take and return plain numbers, and <c>np.*</c> aliases.
/// </summary>
internal static class MathLibrary
{
    public static IReadOnlyDictionary<string, double> Constants { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["pi"] = Math.PI, ["e"] = Math.E, ["tau"] = Math.Tau, ["inf"] = double.PositiveInfinity, ["nan"] = double.NaN,
        ["True"] = 1, ["False"] = 0,
    };

    public static IReadOnlyDictionary<string, MathFunction> Functions { get; } = Build();

    /// <summary><c>np.sin</c> means <c>sin</c>; a few numpy-only names are added.</summary>
    public static string? Resolve(string name)
    {
        if (!name.StartsWith("np.", StringComparison.Ordinal))
            return name;
        var bare = name[3..];
        return bare switch
        {
            "absolute" => "abs",
            "maximum" => "max",
            "minimum" => "min",
            "power" => "pow",
            "arcsin" => "asin",
            "arccos" => "acos",
            "arctan" => "atan",
            "arctan2" => "atan2",
            "arcsinh" => "asinh",
            "arccosh" => "acosh",
            "arctanh" => "atanh",
            "mod" or "remainder" => "npmod",
            "deg2rad" => "radians",
            "rad2deg" => "degrees",
            "round_" or "around" => "round",
            "sum" => "fsum",
            _ => Functions.ContainsKey(bare) || Constants.ContainsKey(bare) ? bare : null,
        };
    }

    private static MathFunction One(Func<double, double> f) => new(1, 1, a => f(a[0]));

    private static MathFunction Two(Func<double, double, double> f) => new(2, 2, a => f(a[0], a[1]));

    private static Dictionary<string, MathFunction> Build()
    {
        var functions = Scalars();
        foreach (var (name, function) in ListFunctions.All())
            functions[name] = function;
        return functions;
    }

    private static Dictionary<string, MathFunction> Scalars() => new(StringComparer.Ordinal)
    {
        ["npmod"] = Two((x, y) => y == 0 ? double.NaN : x - y * Math.Floor(x / y)), ["square"] = One(x => x * x),
        ["cbrt"] = One(Math.Cbrt), ["exp2"] = One(x => Math.Pow(2, x)), ["remainder"] = Two(Math.IEEERemainder),
        ["abs"] = One(Math.Abs), ["fabs"] = One(Math.Abs),
        ["max"] = new(1, int.MaxValue, a => a.Length == 0 ? throw new ArgumentException("arg is an empty sequence") : a.Max(), TakesList: true),
        ["min"] = new(1, int.MaxValue, a => a.Length == 0 ? throw new ArgumentException("arg is an empty sequence") : a.Min(), TakesList: true),
        ["round"] = new(1, 2, a => a.Length == 1 ? Math.Round(a[0], MidpointRounding.ToEven) : RoundDigits(a[0], a[1])),
        ["sign"] = One(x => double.IsNaN(x) ? x : Math.Sign(x)),
        ["clip"] = new(3, 3, a => Math.Min(Math.Max(a[0], a[1]), a[2])),
        ["pow"] = Two(Math.Pow), ["atan2"] = Two(Math.Atan2), ["hypot"] = new(0, int.MaxValue, a => Math.Sqrt(a.Sum(x => x * x))),
        ["sin"] = One(Math.Sin), ["cos"] = One(Math.Cos), ["tan"] = One(Math.Tan),
        ["asin"] = One(Math.Asin), ["acos"] = One(Math.Acos), ["atan"] = One(Math.Atan),
        ["sinh"] = One(Math.Sinh), ["cosh"] = One(Math.Cosh), ["tanh"] = One(Math.Tanh),
        ["asinh"] = One(Math.Asinh), ["acosh"] = One(Math.Acosh), ["atanh"] = One(x => Math.Abs(x) >= 1 ? double.NaN : Math.Atanh(x)),
        ["exp"] = One(Math.Exp), ["expm1"] = One(x => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1),
        ["log"] = new(1, 2, a => a.Length == 1 ? Log(a[0]) : Log(a[0]) / Log(a[1])),
        ["log10"] = One(x => x <= 0 ? double.NaN : Math.Log10(x)), ["log2"] = One(x => x <= 0 ? double.NaN : Math.Log2(x)),
        ["log1p"] = One(x => x <= -1 ? double.NaN : Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x)),
        ["sqrt"] = One(Math.Sqrt), ["isqrt"] = One(x => x < 0 || x != Math.Floor(x) ? double.NaN : Math.Floor(Math.Sqrt(x))),
        ["floor"] = One(Math.Floor), ["ceil"] = One(Math.Ceiling), ["trunc"] = One(Math.Truncate),
        ["fmod"] = Two((x, y) => y == 0 ? double.NaN : x % y),
        ["degrees"] = One(x => x * 180 / Math.PI), ["radians"] = One(x => x * Math.PI / 180),
        ["copysign"] = Two(Math.CopySign), ["ldexp"] = Two((x, i) => x * Math.Pow(2, Math.Truncate(i))),
        ["factorial"] = One(Factorial), ["gcd"] = new(0, int.MaxValue, a => a.Aggregate(0.0, Gcd)),
        ["lcm"] = new(0, int.MaxValue, a => a.Aggregate(1.0, (x, y) => x == 0 || y == 0 ? 0 : Math.Abs(x * y) / Gcd(x, y))),
        ["comb"] = Two((n, k) => k > n ? 0 : Math.Round(Factorial(n) / (Factorial(k) * Factorial(n - k)))),
        ["perm"] = Two((n, k) => k > n ? 0 : Math.Round(Factorial(n) / Factorial(n - k))),
        ["erf"] = One(SpecialFunctions.Erf), ["erfc"] = One(SpecialFunctions.Erfc),
        ["gamma"] = One(SpecialFunctions.Gamma), ["lgamma"] = One(SpecialFunctions.LogGamma),
        ["isclose"] = Two((x, y) => x == y || Math.Abs(x - y) <= 1e-9 * Math.Max(Math.Abs(x), Math.Abs(y)) ? 1 : 0),
        ["isfinite"] = One(x => double.IsFinite(x) ? 1 : 0), ["isinf"] = One(x => double.IsInfinity(x) ? 1 : 0),
        ["isnan"] = One(x => double.IsNaN(x) ? 1 : 0),
    };

    private static double Log(double x) => x <= 0 ? double.NaN : Math.Log(x);

    private static double RoundDigits(double x, double digits)
    {
        var scale = Math.Pow(10, Math.Truncate(digits));
        return Math.Round(x * scale, MidpointRounding.ToEven) / scale;
    }

    private static double Factorial(double n)
    {
        if (n < 0 || n != Math.Floor(n))
            throw new ArgumentException("only accepts non-negative whole numbers");
        var result = 1.0;
        for (var i = 2; i <= n && !double.IsInfinity(result); i++)
            result *= i;
        return result;
    }

    private static double Gcd(double a, double b)
    {
        if (a != Math.Floor(a) || b != Math.Floor(b))
            throw new ArgumentException("only accepts whole numbers");
        a = Math.Abs(a);
        b = Math.Abs(b);
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }
}
