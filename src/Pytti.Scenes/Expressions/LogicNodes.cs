using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Expressions;

/// <summary>Python truthiness: a number is true when it is not 0, a list when it is not empty.</summary>
internal static class Truth
{
    public static bool Of(ExpressionValue value) => value.IsList ? value.List!.Count > 0 : value.Number != 0;
}

/// <summary><c>a if condition else b</c>.</summary>
internal sealed record ConditionalNode(Node Condition, Node Then, Node Else, int Offset) : Node(Offset)
{
    public override ValueKind Kind => Then.Kind;
    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables) =>
        Truth.Of(Condition.Evaluate(variables)) ? Then.Evaluate(variables) : Else.Evaluate(variables);
    public override string Print() => $"({Then.Print()} if {Condition.Print()} else {Else.Print()})";
    public override IEnumerable<string> Names() => Condition.Names().Concat(Then.Names()).Concat(Else.Names());
}

/// <summary><c>a and b</c> / <c>a or b</c>: like Python, the value of the operand that decided.</summary>
internal sealed record LogicNode(string Operator, Node Left, Node Right, int Offset) : Node(Offset)
{
    public override ValueKind Kind => Left.Kind;

    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables)
    {
        var left = Left.Evaluate(variables);
        return Truth.Of(left) == (Operator == "or") ? left : Right.Evaluate(variables);
    }

    public override string Print() => $"({Left.Print()} {Operator} {Right.Print()})";
    public override IEnumerable<string> Names() => Left.Names().Concat(Right.Names());
}

/// <summary><c>not a</c>: 1 (True) or 0 (False).</summary>
internal sealed record NotNode(Node Operand, int Offset) : Node(Offset)
{
    public override ValueKind Kind => ValueKind.Number;
    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables) => ExpressionValue.Of(Truth.Of(Operand.Evaluate(variables)) ? 0 : 1);
    public override string Print() => $"(not {Operand.Print()})";
    public override IEnumerable<string> Names() => Operand.Names();
}

/// <summary><c>list[i]</c>: Python indexing with a whole-number index (negative counts from the end).</summary>
internal sealed record IndexNode(Node List, Node Index, int Offset) : Node(Offset)
{
    public override ValueKind Kind => ValueKind.Number;

    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables)
    {
        var items = List.Evaluate(variables).List!;
        var index = Number(Index, variables);
        if (index != Math.Floor(index) || double.IsInfinity(index))
            throw new ExpressionException(ErrorCodes.EvaluationError, $"list indices must be whole numbers, not {NumberText.Format(index)}", Index.Offset);
        var i = index < 0 ? items.Count + index : index;
        if (i < 0 || i >= items.Count)
            throw new ExpressionException(ErrorCodes.EvaluationError, $"list index {NumberText.Format(index)} out of range (the list has {items.Count} items)", Index.Offset);
        return ExpressionValue.Of(items[(int)i]);
    }

    public override string Print() => $"{List.Print()}[{Index.Print()}]";
    public override IEnumerable<string> Names() => List.Names().Concat(Index.Names());
}
