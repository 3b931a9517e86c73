using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Expressions;

/// <summary>
/// A callable of the expression language. <c>MaxArgs</c> is <see cref="int.MaxValue"/> for variadic
/// functions; <c>TakesList</c> lets <c>max([a, b])</c> receive the elements of one list argument.
/// Like Python's math module, a NaN or infinite result from finite arguments is an error.
/// </summary>
internal sealed record MathFunction(int MinArgs, int MaxArgs, Func<double[], double> Body, bool TakesList = false)
{
    public string ArityText => MinArgs == MaxArgs ? $"{MinArgs}" : MaxArgs == int.MaxValue ? $"{MinArgs} or more" : $"{MinArgs} to {MaxArgs}";

    public bool Arity(int count) => count >= MinArgs && count <= MaxArgs;

    /// <summary>For functions of lists and numbers (<c>np.interp</c>, <c>dist</c>, <c>modf</c>): takes the values as they are.</summary>
    public Func<ExpressionValue[], ExpressionValue>? Raw { get; init; }

    /// <summary>What <see cref="Raw"/> returns.</summary>
    public ValueKind Returns { get; init; } = ValueKind.Number;

    /// <summary>Runs <paramref name="body"/>; an <see cref="ArgumentException"/> becomes an evaluation error of <paramref name="name"/>().</summary>
    public static T Guard<T>(string name, int offset, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (ArgumentException e)
        {
            throw new ExpressionException(ErrorCodes.EvaluationError, $"{name}(): {e.Message}", offset);
        }
    }

    public double Invoke(string name, double[] args, int offset)
    {
        var result = Guard(name, offset, () => Body(args));
        var finiteInputs = args.All(double.IsFinite);
        if (double.IsNaN(result) && !args.Any(double.IsNaN))
            throw new ExpressionException(ErrorCodes.EvaluationError, $"math domain error in {name}()", offset);
        if (double.IsInfinity(result) && finiteInputs)
            throw new ExpressionException(ErrorCodes.EvaluationError, $"{name}(): numerical result out of range", offset);
        return result;
    }
}
