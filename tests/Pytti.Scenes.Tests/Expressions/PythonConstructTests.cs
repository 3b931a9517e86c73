using Pytti.Scenes.Expressions;

namespace Pytti.Scenes.Tests.Expressions;

/// <summary>The Python constructs and numpy/math functions real PyTTI configurations use (reference 2.7).</summary>
public class PythonConstructTests
{
    public static TheoryData<string, double, double> Cases => new()
    {
        { "10 if t < 2 else -10", 1, 10 },
        { "10 if t < 2 else -10", 3, -10 },
        { "1 if t < 1 else 2 if t < 2 else 3", 1.5, 2 },
        { "(t > 1 and t < 3) * 5", 2, 5 },
        { "(t > 1 and t < 3) * 5", 4, 0 },
        { "t or 7", 0, 7 },
        { "not t", 0, 1 },
        { "not t", 2, 0 },
        { "True * 3 + False", 0, 3 },
        { "0 < t <= 2 < 5", 1, 1 },
        { "[0, 5, 10][min(2, floor(t))]", 1.5, 5 },
        { "[0, 5, 10][-1]", 0, 10 },
        { "max((t, 1))", 3, 3 },
        { "modf(t)[0]", 2.25, 0.25 },
        { "0x10 + 0o7 + 0b11", 0, 26 },
        { "np.interp(t, [0, 2, 4], [0, 10, 0])", 1, 5 },
        { "np.interp(t, [0, 2, 4], [0, 10, 0])", 9, 0 },
        { "np.clip(t, 0, 1)", 5, 1 },
        { "np.mod(t, 2)", -1, 1 },
        { "np.sign(t)", -3, -1 },
        { "np.hypot(3, t)", 4, 5 },
        { "np.deg2rad(180)", 0, Math.PI },
        { "np.arctan2(1, 1) * 4", 0, Math.PI },
        { "np.pi + np.e", 0, Math.PI + Math.E },
        { "dist([0, 0], [t, t])", 3, Math.Sqrt(18) },
        { "fsum([t, 1])", 2, 3 },
        { "cbrt(t)", 27, 3 },
        { "exp2(t)", 3, 8 },
        { "np.sinh(0) + np.tanh(0) + np.log(np.e)", 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluates_like_python(string text, double t, double expected) =>
        Assert.Equal(expected, CompiledExpression.Compile(text).EvaluateNumber(t), 12);

    [Theory]
    [InlineData("10 if t < 2", "PYTTI030")]
    [InlineData("t[0]", "PYTTI033")]
    [InlineData("1 if t else [1, 2]", "PYTTI033")]
    [InlineData("0x", "PYTTI030")]
    public void Malformed_constructs_are_located_errors(string text, string code)
    {
        Assert.Null(CompiledExpression.TryCompile(text, ExpressionScope.TimeOnly, out var error));
        Assert.Equal(code, error!.Code);
    }

    [Theory]
    [InlineData("1e999")]
    [InlineData("inf")]
    [InlineData("nan")]
    [InlineData("inf * t")]
    public void Check_reports_a_value_that_is_not_finite_with_its_time(string text)
    {
        Assert.Empty(TempScene.Errors($"scenes: a\nanimation_mode: 2D\ntranslate_x: '{text}'\n"));
        var check = CheckErrors($"scenes: a\nanimation_mode: 2D\ntranslate_x: '{text}'\n");
        Assert.Contains(check, e => e.StartsWith("scene.pytti.yaml(3,15): error PYTTI034: 'translate_x'", StringComparison.Ordinal) && e.Contains(" at t=", StringComparison.Ordinal) && e.Contains("which no render can use", StringComparison.Ordinal));
    }

    [Fact]
    public void An_infinite_stop_stays_allowed()
    {
        Assert.Empty(CheckErrors("scenes: a:1:-inf\n"));
    }

    private static string[] CheckErrors(string yaml)
    {
        using var temp = new TempScene();
        temp.Write("scene.pytti.yaml", yaml);
        return Pytti.Scenes.Explain.SceneCheck.Run("scene.pytti.yaml", new SceneLoadOptions { WorkingDirectory = temp.Folder }).Diagnostics.Select(d => d.ToString()).ToArray();
    }
}
