using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Expressions;

/// <summary>
/// A callable of the expression language. <c>MaxArgs</c> is <see cref="int.MaxValue"/> for variadic
/// functions; <c>TakesList</c> lets <c>max([a, b])</c> receive the elements of one list argument.
/// Like Python's math module, a NaN or infinite result from finite arguments is an error.
/// </summary>
internal sealed record MathFunction(int MinArgs, int MaxArgs, Func<double[], double> Body, bool TakesList = false)
{
    public string Arity => MinArgs == MaxArgs ? $"{MinArgs}" : MaxArgs == int.MaxValue ? $"{MinArgs} or more" : $"{MinArgs} to {MaxArgs}";

    public double Invoke(string name, double[] args, int offset)
    {
        double result;
        try
        {
            result = Body(args);
        }
        catch (ArgumentException e)
        {
            throw new ExpressionException(ErrorCodes.EvaluationError, $"{name}(): {e.Message}", offset);
        }
        var finiteInputs = args.All(double.IsFinite);
        if (double.IsNaN(result) && !args.Any(double.IsNaN))
            throw new ExpressionException(ErrorCodes.EvaluationError, $"math domain error in {name}()", offset);
        if (double.IsInfinity(result) && finiteInputs)
            throw new ExpressionException(ErrorCodes.EvaluationError, $"{name}(): numerical result out of range", offset);
        return result;
    }
}
