using Pytti.Scenes.Expressions;

namespace Pytti.Scenes.Tests.Expressions;

public class ExpressionErrorTests
{
    private static ExpressionError Error(string text, ExpressionScope? scope = null)
    {
        Assert.Null(CompiledExpression.TryCompile(text, scope ?? ExpressionScope.TimeOnly, out var error));
        return error!;
    }

    [Theory]
    [InlineData("", "PYTTI030", "empty expression", 0)]
    [InlineData("   ", "PYTTI030", "empty expression", 3)]
    [InlineData("1 +", "PYTTI030", "the expression ends too early", 3)]
    [InlineData("1 2", "PYTTI030", "unexpected '2'", 2)]
    [InlineData("(1 + 2", "PYTTI030", "'(' is never closed; expected ')'", 0)]
    [InlineData("1 + 2)", "PYTTI030", "unexpected ')'", 5)]
    [InlineData("[1, 2", "PYTTI030", "'[' is never closed; expected ']'", 0)]
    [InlineData("2 $ 3", "PYTTI030", "unexpected character '$'", 2)]
    [InlineData("t:2", "PYTTI030", "unexpected character ':'", 1)]
    [InlineData("1.2.3", "PYTTI030", "unexpected '.3'", 3)]
    [InlineData("12abc", "PYTTI030", "invalid number '12a'", 0)]
    [InlineData("1__0", "PYTTI030", "invalid number '1__0'", 0)]
    [InlineData("*3", "PYTTI030", "unexpected '*'", 0)]
    [InlineData("sin(", "PYTTI030", "'(' is never closed; expected ')'", 3)]
    [InlineData("max(1,,2)", "PYTTI030", "unexpected ','", 6)]
    [InlineData("'a'", "PYTTI030", "unexpected character '''", 0)]
    [InlineData("1 = 2", "PYTTI030", "unexpected character '='", 2)]
    [InlineData("/x.png", "PYTTI030", "unexpected character '.'", 2)]
    public void Syntax_errors_point_at_the_column(string text, string code, string message, int offset) =>
        Assert.Equal(new ExpressionError(code, message, offset), Error(text));

    [Fact]
    public void Unknown_name_suggests_the_closest()
    {
        var error = Error("2 * sni(t)");
        Assert.Equal(new ExpressionError("PYTTI031", "unknown function 'sni'; did you mean 'sin'?", 4), error);
    }

    [Fact]
    public void Unknown_variable_lists_the_variables()
    {
        var error = Error("1 + fLo", ExpressionScope.For(["fHi"]));
        Assert.Equal(new ExpressionError("PYTTI031", "unknown name 'fLo'; variables here: fHi, fHi_prev, t", 4), error);
    }

    [Fact]
    public void Python_builtins_and_eval_are_not_names()
    {
        Assert.Equal("PYTTI031", Error("__import__(1)").Code);
        Assert.Equal("PYTTI031", Error("eval(1)").Code);
        Assert.Equal("PYTTI031", Error("np.linalg(1)").Code);
        Assert.Equal("PYTTI031", Error("x").Code);
    }

    [Theory]
    [InlineData("sin(1, 2)", "sin() takes 1 argument(s), 2 given", 0)]
    [InlineData("atan2(1)", "atan2() takes 2 argument(s), 1 given", 0)]
    [InlineData("2 + round()", "round() takes 1 to 2 argument(s), 0 given", 4)]
    [InlineData("max()", "max() takes 1 or more argument(s), 0 given", 0)]
    public void Argument_counts_are_checked(string text, string message, int offset) =>
        Assert.Equal(new ExpressionError("PYTTI032", message, offset), Error(text));

    [Theory]
    [InlineData("[1, 2] + 1", 0)]
    [InlineData("sin([1])", 4)]
    [InlineData("-[1]", 1)]
    [InlineData("[[1]]", 1)]
    [InlineData("sin + 1", 0)]
    public void Lists_and_functions_are_type_checked(string text, int offset)
    {
        var error = Error(text);
        Assert.Equal("PYTTI033", error.Code);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        Assert.Equal(new ExpressionError("PYTTI030", "the expression is nested too deeply (more than 100 levels)", 100), Error(new string('(', 500) + "1" + new string(')', 500)));
        Assert.Equal("PYTTI030", Error(new string('-', 5000) + "1").Code);
        Assert.Equal("PYTTI030", Error(string.Concat(Enumerable.Repeat("sin(", 500)) + "1" + new string(')', 500)).Code);
        Assert.Equal(new ExpressionError("PYTTI030", "the expression is too long (more than 2000 tokens)", 2000), Error(string.Join("+", Enumerable.Repeat("1", 3000))));
        Assert.NotNull(CompiledExpression.TryCompile(new string('(', 50) + "1" + new string(')', 50), ExpressionScope.TimeOnly, out _));
    }
}
