using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Expressions;

namespace Pytti.Scenes.Canonical;

/// <summary>
/// Evaluates expressions at given times for the canonical form and <c>explain</c>. An expression that
/// reads audio bands or <c>r R mu</c> cannot be known before rendering: it is represented by its
/// normalised text. A math error (PyTTI would crash mid-render) becomes a located diagnostic.
/// </summary>
public sealed class ExpressionTimeline(DiagnosticBag diagnostics)
{
    private readonly HashSet<(string, SourceLocation)> _reported = [];

    /// <summary>A number, a list of numbers, or <c>{"expression": normalised}</c>.</summary>
    public object? At(CompiledExpression expression, double t, SourceLocation location, string what)
    {
        if (expression.Variables.Any(v => v != "t"))
            return new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["expression"] = expression.Normalized };
        var value = expression.TryEvaluate(new Dictionary<string, double> { ["t"] = t }, out var error);
        if (value is { } v && NotFinite(v, allowInfinite: IsStop(what)) is { } bad)
            error = new ExpressionError(ErrorCodes.EvaluationError, $"the value is {bad}, which no render can use", 0);
        if (value is null || error is not null)
        {
            var at = expression.LocationOf(error!.Offset) ?? location;
            if (_reported.Add((what, at)))
                diagnostics.Add(error.Code, $"{what} '{expression.Text.Trim()}' at t={NumberText.Format(t)}: {error.Message}", at);
            return null;
        }
        return value.Value.IsList ? value.Value.List!.Cast<object?>().ToList() : value.Value.Number;
    }

    /// <summary>"nan" or "infinite" when the value (or an element) is not a finite number, else null.</summary>
    /// <summary>A stop may be infinite (<c>-inf</c>, the default, means "never stop"); nothing may be NaN.</summary>
    private static string? NotFinite(ExpressionValue value, bool allowInfinite)
    {
        var numbers = value.IsList ? value.List! : [value.Number];
        return numbers.Any(double.IsNaN) ? "nan" : !allowInfinite && numbers.Any(double.IsInfinity) ? "infinite" : null;
    }

    private static bool IsStop(string what) => what == "stop" || what.EndsWith(" stop", StringComparison.Ordinal);

    /// <summary>Values at each time; a single value when they are all equal.</summary>
    public object? Over(CompiledExpression expression, IReadOnlyList<double> times, SourceLocation location, string what)
    {
        if (expression.IsConstant || times.Count == 0)
            return At(expression, times.Count == 0 ? 0 : times[0], location, what);
        var values = times.Select(t => At(expression, t, location, what)).ToList();
        var first = CanonicalJson.Serialize(values[0]);
        return values.All(v => CanonicalJson.Serialize(v) == first) ? values[0] : values;
    }
}
