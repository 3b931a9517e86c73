namespace Pytti.Scenes.Expressions;

/// <summary>
/// The functions of lists and numbers real configurations use: <c>np.interp</c>, <c>math.dist</c>,
/// <c>fsum</c>, <c>prod</c>, and those that return a tuple (<c>modf</c>, <c>frexp</c>, <c>divmod</c>-like).
/// </summary>
internal static class ListFunctions
{
    public static IEnumerable<KeyValuePair<string, MathFunction>> All() =>
    [
        new("interp", Raw(3, 3, Interp)),
        new("dist", Raw(2, 2, a => ExpressionValue.Of(Dist(ListOf(a[0]), ListOf(a[1]))))),
        new("fsum", Raw(1, 1, a => ExpressionValue.Of(ListOf(a[0]).Sum()))),
        new("prod", Raw(1, 1, a => ExpressionValue.Of(ListOf(a[0]).Aggregate(1.0, (x, y) => x * y)))),
        new("modf", Raw(1, 1, a => Pair(a[0].Number - Math.Truncate(a[0].Number), Math.Truncate(a[0].Number)), ValueKind.List)),
        new("frexp", Raw(1, 1, a => Frexp(a[0].Number), ValueKind.List)),
    ];

    private static MathFunction Raw(int min, int max, Func<ExpressionValue[], ExpressionValue> body, ValueKind returns = ValueKind.Number) =>
        new(min, max, _ => double.NaN) { Raw = body, Returns = returns };

    private static IReadOnlyList<double> ListOf(ExpressionValue value) =>
        value.IsList ? value.List! : throw new ArgumentException("expects a list such as [1, 2]");

    private static ExpressionValue Pair(double first, double second) => ExpressionValue.Of([first, second]);

    /// <summary>numpy's piecewise-linear interpolation; clamps outside <c>xp</c>, which must increase.</summary>
    private static ExpressionValue Interp(ExpressionValue[] a)
    {
        var (xp, fp) = (ListOf(a[1]), ListOf(a[2]));
        if (xp.Count != fp.Count || xp.Count == 0)
            throw new ArgumentException("xp and fp must be lists of the same, non-zero length");
        return a[0].IsList ? ExpressionValue.Of(a[0].List!.Select(x => Interp(x, xp, fp)).ToArray()) : ExpressionValue.Of(Interp(a[0].Number, xp, fp));
    }

    private static double Interp(double x, IReadOnlyList<double> xp, IReadOnlyList<double> fp)
    {
        if (x <= xp[0]) return fp[0];
        if (x >= xp[^1]) return fp[^1];
        var i = 1;
        while (xp[i] < x) i++;
        var span = xp[i] - xp[i - 1];
        return span == 0 ? fp[i] : fp[i - 1] + (fp[i] - fp[i - 1]) * (x - xp[i - 1]) / span;
    }

    private static double Dist(IReadOnlyList<double> p, IReadOnlyList<double> q) =>
        p.Count == q.Count ? Math.Sqrt(p.Zip(q, (x, y) => (x - y) * (x - y)).Sum()) : throw new ArgumentException("both points must have the same dimension");

    private static ExpressionValue Frexp(double x)
    {
        if (x == 0 || !double.IsFinite(x))
            return Pair(x, 0);
        var exponent = Math.Floor(Math.Log2(Math.Abs(x))) + 1;
        return Pair(x / Math.Pow(2, exponent), exponent);
    }
}
