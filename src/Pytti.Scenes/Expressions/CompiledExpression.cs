using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Expressions;

/// <summary>
/// An expression parsed and checked once (at load). <see cref="Evaluate"/> runs it per step or frame
/// with the variables of that moment. Never an eval of code: only the nodes of this language exist.
/// </summary>
public sealed class CompiledExpression
{
    private readonly Node _root;

    private CompiledExpression(string text, Node root, SourceLocation? location)
    {
        Location = location;
        Text = text;
        _root = root;
        Variables = root.Names().ToHashSet(StringComparer.Ordinal);
        Normalized = root.Print();
    }

    /// <summary>Where the expression text starts in its file, when it was written in one.</summary>
    public SourceLocation? Location { get; }

    /// <summary>The text as written.</summary>
    public string Text { get; }

    /// <summary>Fully parenthesised form; the same for <c>1+t</c> and <c>1 + (t)</c>.</summary>
    public string Normalized { get; }

    public ValueKind Kind => _root.Kind;

    /// <summary>The number of elements when the expression is a list, else null.</summary>
    public int? ListLength => (_root as ListNode)?.Items.Count;

    /// <summary>The variables it reads (not constants or functions).</summary>
    public IReadOnlySet<string> Variables { get; }

    public bool IsConstant => Variables.Count == 0;

    /// <summary>Parses and checks <paramref name="text"/>; on failure <paramref name="error"/> says what and where (offset in the text).</summary>
    public static CompiledExpression? TryCompile(string text, ExpressionScope scope, out ExpressionError? error, SourceLocation? location = null)
    {
        try
        {
            var root = new ExpressionParser(Lexer.Tokenize(text), scope).ParseAll();
            error = null;
            return new CompiledExpression(text, root, location);
        }
        catch (ExpressionException e)
        {
            error = e.Error;
            return null;
        }
    }

    /// <summary>Compiles or throws <see cref="ArgumentException"/> (for constants written in code and tests).</summary>
    public static CompiledExpression Compile(string text, ExpressionScope? scope = null) =>
        TryCompile(text, scope ?? ExpressionScope.TimeOnly, out var error)
        ?? throw new ArgumentException($"{error!.Code} at {error.Offset}: {error.Message}", nameof(text));

    /// <summary>Evaluates with the given variables; a math error comes back as <paramref name="error"/>.</summary>
    public ExpressionValue? TryEvaluate(IReadOnlyDictionary<string, double> variables, out ExpressionError? error)
    {
        try
        {
            error = null;
            return _root.Evaluate(variables);
        }
        catch (ExpressionException e)
        {
            error = e.Error;
            return null;
        }
    }

    public ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables) =>
        TryEvaluate(variables, out var error)
        ?? throw new InvalidOperationException($"{ErrorCodes.EvaluationError}: '{Text}' at {error!.Offset}: {error.Message}");

    /// <summary>Where an error at <paramref name="offset"/> inside the text was written (same-line expressions are exact).</summary>
    public SourceLocation? LocationOf(int offset) =>
        Location is null ? null : Text.AsSpan(0, Math.Min(offset, Text.Length)).Contains('\n') ? Location : Location.WithColumnOffset(offset);

    public double EvaluateNumber(double t) => Evaluate(new Dictionary<string, double> { ["t"] = t }).Number;

    public override string ToString() => Text;
}
