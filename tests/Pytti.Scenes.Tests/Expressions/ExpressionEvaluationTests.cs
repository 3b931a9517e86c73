using Pytti.Scenes.Expressions;

namespace Pytti.Scenes.Tests.Expressions;

public class ExpressionEvaluationTests
{
    private static double Eval(string text, double t = 0) => CompiledExpression.Compile(text).EvaluateNumber(t);

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("2 ** 3 ** 2", 512)]
    [InlineData("-2 ** 2", -4)]
    [InlineData("2 ** -1", 0.5)]
    [InlineData("-(-3)", 3)]
    [InlineData("--3", 3)]
    [InlineData("+3", 3)]
    [InlineData("7 / 2", 3.5)]
    [InlineData("7 // 2", 3)]
    [InlineData("-7 // 2", -4)]
    [InlineData("-7 % 3", 2)]
    [InlineData("7 % -3", -2)]
    [InlineData("7.5 % 2", 1.5)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("64 / 4 / 2", 8)]
    [InlineData("2 * 3 % 4", 2)]
    [InlineData("1 < 2", 1)]
    [InlineData("2 < 1", 0)]
    [InlineData("1 < 2 < 3", 1)]
    [InlineData("1 < 3 < 2", 0)]
    [InlineData("1 + 1 == 2", 1)]
    [InlineData("3 != 3", 0)]
    [InlineData("2 >= 2", 1)]
    [InlineData("2 <= 1", 0)]
    [InlineData("(1 < 2) * 5", 5)]
    [InlineData(".5", 0.5)]
    [InlineData("1e3", 1000)]
    [InlineData("1_000", 1000)]
    [InlineData("2.5E-1", 0.25)]
    [InlineData("  1 ", 1)]
    [InlineData("1 + 2 < 4", 1)]
    [InlineData("2 * -3", -6)]
    [InlineData("-2 ** -2", -0.25)]
    [InlineData("2 ** 2 ** -1", 1.4142135623730951)]
    [InlineData("(-2) ** 2", 4)]
    [InlineData("-3 % 5 * 2", 4)]
    [InlineData("10 // 3 * 3 + 10 % 3", 10)]
    [InlineData("1 - -1", 2)]
    [InlineData("2 * (3 + 4) ** 2 / 7", 14)]
    [InlineData("1 == 1 == 1", 1)]
    [InlineData("3 > 2 > 1", 1)]
    [InlineData("round(1234, -2)", 1200)]
    [InlineData("max(1, 2) ** min(3, 2)", 4)]
    public void Arithmetic_follows_python(string text, double expected) => Assert.Equal(expected, Eval(text), 12);

    [Theory]
    [InlineData("abs(-2)", 2)]
    [InlineData("max(1, 5, 3)", 5)]
    [InlineData("min(4, 2)", 2)]
    [InlineData("max([1, 7, 2])", 7)]
    [InlineData("round(2.5)", 2)]
    [InlineData("round(3.5)", 4)]
    [InlineData("round(1.2345, 2)", 1.23)]
    [InlineData("sin(pi / 2)", 1)]
    [InlineData("cos(0)", 1)]
    [InlineData("tan(0)", 0)]
    [InlineData("atan2(1, 1)", Math.PI / 4)]
    [InlineData("sqrt(16)", 4)]
    [InlineData("pow(2, 10)", 1024)]
    [InlineData("exp(0)", 1)]
    [InlineData("log(e)", 1)]
    [InlineData("log(8, 2)", 3)]
    [InlineData("log10(1000)", 3)]
    [InlineData("log2(8)", 3)]
    [InlineData("floor(-1.5)", -2)]
    [InlineData("ceil(1.2)", 2)]
    [InlineData("trunc(-1.7)", -1)]
    [InlineData("fmod(-7, 3)", -1)]
    [InlineData("hypot(3, 4)", 5)]
    [InlineData("degrees(pi)", 180)]
    [InlineData("radians(180)", Math.PI)]
    [InlineData("factorial(5)", 120)]
    [InlineData("gcd(12, 18)", 6)]
    [InlineData("lcm(4, 6)", 12)]
    [InlineData("comb(5, 2)", 10)]
    [InlineData("perm(5, 2)", 20)]
    [InlineData("copysign(3, -1)", -3)]
    [InlineData("gamma(5)", 24)]
    [InlineData("gamma(0.5)", 1.7724538509055159)]
    [InlineData("gamma(-0.5)", -3.5449077018110318)]
    [InlineData("lgamma(0.5)", 0.57236494292470008)]
    [InlineData("erf(0.5)", 0.52049987781304652)]
    [InlineData("erf(-4)", -0.99999998458274209)]
    [InlineData("erfc(4)", 1.541725790028002e-08)]
    [InlineData("lgamma(5)", 3.1780538303479458)]
    [InlineData("erf(0)", 0)]
    [InlineData("erfc(0)", 1)]
    [InlineData("isclose(1, 1.0000000001)", 1)]
    [InlineData("isinf(inf)", 1)]
    [InlineData("isnan(nan)", 1)]
    [InlineData("isfinite(1)", 1)]
    [InlineData("tau", 2 * Math.PI)]
    [InlineData("np.sin(0)", 0)]
    [InlineData("np.pi", Math.PI)]
    [InlineData("np.clip(5, 0, 1)", 1)]
    [InlineData("np.sign(-3)", -1)]
    [InlineData("np.arctan(0)", 0)]
    [InlineData("expm1(1e-10)", 1e-10)]
    [InlineData("log1p(0)", 0)]
    [InlineData("ldexp(1, 3)", 8)]
    [InlineData("isqrt(17)", 4)]
    [InlineData("sinh(0) + cosh(0) + tanh(0)", 1)]
    [InlineData("asinh(0) + acosh(1) + atanh(0)", 0)]
    [InlineData("asin(1)", Math.PI / 2)]
    [InlineData("acos(1)", 0)]
    [InlineData("fabs(-1)", 1)]
    public void Functions_and_constants(string text, double expected) => Assert.Equal(expected, Eval(text), 9);

    [Fact]
    public void Erf_is_accurate_to_1e13() => Assert.Equal(0.8427007929497149, Eval("erf(1)"), 13);

    [Fact]
    public void Time_variable_is_read_at_evaluation()
    {
        var expression = CompiledExpression.Compile("10*sin(t)");
        Assert.Equal(0, expression.EvaluateNumber(0), 12);
        Assert.Equal(10 * Math.Sin(1.5), expression.EvaluateNumber(1.5), 12);
        Assert.Equal(["t"], expression.Variables);
        Assert.False(expression.IsConstant);
    }

    [Fact]
    public void Negative_infinity_constant_is_the_default_stop()
    {
        Assert.Equal(double.NegativeInfinity, Eval("-inf"));
        Assert.True(CompiledExpression.Compile("-inf").IsConstant);
    }

    [Fact]
    public void Lists_evaluate_to_lists()
    {
        var expression = CompiledExpression.Compile("[cos(t), 0, sin(t), 0]");
        var value = expression.Evaluate(new Dictionary<string, double> { ["t"] = 0 });
        Assert.True(value.IsList);
        Assert.Equal([1.0, 0, 0, 0], value.List!);
        Assert.Equal(4, expression.ListLength);
        Assert.Equal(ValueKind.List, expression.Kind);
        Assert.Equal("[1, 0, 0, 0]", value.ToString());
    }

    [Fact]
    public void Audio_variables_and_prev_are_in_scope_when_declared()
    {
        var scope = ExpressionScope.For(["fLo"]);
        var expression = CompiledExpression.Compile("fLo * 2 + fLo_prev", scope);
        var value = expression.Evaluate(new Dictionary<string, double> { ["t"] = 0, ["fLo"] = 0.5, ["fLo_prev"] = 1 });
        Assert.Equal(2, value.Number);
        Assert.Equal(new HashSet<string> { "fLo", "fLo_prev" }, expression.Variables);
    }

    [Fact]
    public void Depth_variables_only_where_offered()
    {
        Assert.NotNull(CompiledExpression.TryCompile("mu / 2 + R - r", ExpressionScope.For([], depthVariables: true), out _));
        Assert.Null(CompiledExpression.TryCompile("mu", ExpressionScope.TimeOnly, out var error));
        Assert.Equal("PYTTI031", error!.Code);
    }

    [Theory]
    [InlineData("1 + 2*t", "(1 + (2 * t))")]
    [InlineData("1+2 * (t)", "(1 + (2 * t))")]
    [InlineData("-t**2", "(-(t ** 2))")]
    [InlineData("[1,0, 0,0]", "[1, 0, 0, 0]")]
    [InlineData("max( t ,1 )", "max(t, 1)")]
    [InlineData("0 < t <= 1", "(0 < t <= 1)")]
    [InlineData("1.50", "1.5")]
    public void Normalized_text_ignores_spacing(string text, string normalized) =>
        Assert.Equal(normalized, CompiledExpression.Compile(text).Normalized);

    [Theory]
    [InlineData("1/0", "division by zero", 1)]
    [InlineData("5 % 0", "modulo by zero", 2)]
    [InlineData("1 // 0", "division by zero", 2)]
    [InlineData("sqrt(-1)", "math domain error in sqrt()", 0)]
    [InlineData("log(0)", "math domain error in log()", 0)]
    [InlineData("acos(2)", "math domain error in acos()", 0)]
    [InlineData("(-8) ** 0.5", "a negative number raised to a fractional power is not a real number", 5)]
    [InlineData("0 ** -1", "0 cannot be raised to a negative power", 2)]
    [InlineData("exp(1000)", "exp(): numerical result out of range", 0)]
    [InlineData("10 ** 400", "numerical result out of range", 3)]
    [InlineData("factorial(1.5)", "factorial(): only accepts non-negative whole numbers", 0)]
    [InlineData("gcd(1.5, 2)", "gcd(): only accepts whole numbers", 0)]
    [InlineData("max([])", "max(): arg is an empty sequence", 0)]
    public void Evaluation_errors_carry_the_offset(string text, string message, int offset)
    {
        var expression = CompiledExpression.Compile(text);
        Assert.Null(expression.TryEvaluate(new Dictionary<string, double> { ["t"] = 0 }, out var error));
        Assert.Equal(new ExpressionError("PYTTI034", message, offset), error);
    }

    [Fact]
    public void Unset_variable_is_an_evaluation_error()
    {
        var expression = CompiledExpression.Compile("1 + bass", ExpressionScope.For(["bass"]));
        Assert.Null(expression.TryEvaluate(new Dictionary<string, double> { ["t"] = 0 }, out var error));
        Assert.Equal(new ExpressionError("PYTTI034", "'bass' has no value yet at this point of the render", 4), error);
    }

    [Fact]
    public void Number_text_is_python_like_and_invariant()
    {
        Assert.Equal("-inf", NumberText.Format(double.NegativeInfinity));
        Assert.Equal("inf", NumberText.Format(double.PositiveInfinity));
        Assert.Equal("nan", NumberText.Format(double.NaN));
        Assert.Equal("0.1", NumberText.Format(0.1));
        Assert.Equal("0.5000873264", NumberText.Format(0.5000873264));
    }
}
