using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Expressions;

/// <summary>Python's float arithmetic: true division, floor division and modulo with the divisor's sign, errors on division by zero.</summary>
internal static class Arithmetic
{
    public static double Apply(string op, double a, double b, int offset) => op switch
    {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => Divide(a, b, offset),
        "//" => Math.Floor(Divide(a, b, offset)),
        "%" => Modulo(a, b, offset),
        "**" => Power(a, b, offset),
        _ => throw new InvalidOperationException($"operator {op}"),
    };

    public static bool Compare(string op, double a, double b) => op switch
    {
        "<" => a < b,
        "<=" => a <= b,
        ">" => a > b,
        ">=" => a >= b,
        "==" => a == b,
        "!=" => a != b,
        _ => throw new InvalidOperationException($"comparison {op}"),
    };

    private static double Divide(double a, double b, int offset) =>
        b == 0 ? throw new ExpressionException(ErrorCodes.EvaluationError, "division by zero", offset) : a / b;

    private static double Modulo(double a, double b, int offset)
    {
        if (b == 0)
            throw new ExpressionException(ErrorCodes.EvaluationError, "modulo by zero", offset);
        var r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }

    private static double Power(double a, double b, int offset)
    {
        if (a == 0 && b < 0)
            throw new ExpressionException(ErrorCodes.EvaluationError, "0 cannot be raised to a negative power", offset);
        var result = Math.Pow(a, b);
        if (double.IsNaN(result) && !double.IsNaN(a) && !double.IsNaN(b))
            throw new ExpressionException(ErrorCodes.EvaluationError, "a negative number raised to a fractional power is not a real number", offset);
        if (double.IsInfinity(result) && double.IsFinite(a) && double.IsFinite(b))
            throw new ExpressionException(ErrorCodes.EvaluationError, "numerical result out of range", offset);
        return result;
    }
}
