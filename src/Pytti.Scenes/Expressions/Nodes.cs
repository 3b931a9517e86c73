using System.Globalization;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Expressions;

/// <summary>A node of a compiled expression. <c>Offset</c> is where it starts in the expression text.</summary>
internal abstract record Node(int Offset)
{
    public abstract ValueKind Kind { get; }

    public abstract ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables);

    /// <summary>Fully parenthesised text, independent of the spacing the user wrote.</summary>
    public abstract string Print();

    public abstract IEnumerable<string> Names();

    protected static double Number(Node node, IReadOnlyDictionary<string, double> variables) => node.Evaluate(variables).Number;
}

internal sealed record NumberNode(double Value, int Offset) : Node(Offset)
{
    public override ValueKind Kind => ValueKind.Number;
    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables) => ExpressionValue.Of(Value);
    public override string Print() => NumberText.Format(Value);
    public override IEnumerable<string> Names() => [];
}

/// <summary>A variable (<c>t</c>, audio bands, <c>r R mu</c>) or a constant (<c>pi</c>).</summary>
internal sealed record NameNode(string Name, double? Constant, int Offset) : Node(Offset)
{
    public override ValueKind Kind => ValueKind.Number;

    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables)
    {
        if (Constant is { } constant)
            return ExpressionValue.Of(constant);
        if (variables.TryGetValue(Name, out var value))
            return ExpressionValue.Of(value);
        throw new ExpressionException(ErrorCodes.EvaluationError, $"'{Name}' has no value yet at this point of the render", Offset);
    }

    public override string Print() => Name;
    public override IEnumerable<string> Names() => Constant is null ? [Name] : [];
}

internal sealed record ListNode(IReadOnlyList<Node> Items, int Offset) : Node(Offset)
{
    public override ValueKind Kind => ValueKind.List;

    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables) =>
        ExpressionValue.Of(Items.Select(item => Number(item, variables)).ToArray());

    public override string Print() => "[" + string.Join(", ", Items.Select(i => i.Print())) + "]";
    public override IEnumerable<string> Names() => Items.SelectMany(i => i.Names());
}

internal sealed record UnaryNode(string Operator, Node Operand, int Offset) : Node(Offset)
{
    public override ValueKind Kind => ValueKind.Number;

    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables)
    {
        var value = Number(Operand, variables);
        return ExpressionValue.Of(Operator == "-" ? -value : value);
    }

    public override string Print() => $"({Operator}{Operand.Print()})";
    public override IEnumerable<string> Names() => Operand.Names();
}

internal sealed record BinaryNode(string Operator, Node Left, Node Right, int Offset) : Node(Offset)
{
    public override ValueKind Kind => ValueKind.Number;

    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables) =>
        ExpressionValue.Of(Arithmetic.Apply(Operator, Number(Left, variables), Number(Right, variables), Offset));

    public override string Print() => $"({Left.Print()} {Operator} {Right.Print()})";
    public override IEnumerable<string> Names() => Left.Names().Concat(Right.Names());
}

/// <summary>A Python comparison chain <c>a &lt; b &lt;= c</c>: 1 when every link holds, else 0.</summary>
internal sealed record CompareNode(IReadOnlyList<string> Operators, IReadOnlyList<Node> Operands, int Offset) : Node(Offset)
{
    public override ValueKind Kind => ValueKind.Number;

    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables)
    {
        var left = Number(Operands[0], variables);
        for (var i = 0; i < Operators.Count; i++)
        {
            var right = Number(Operands[i + 1], variables);
            if (!Arithmetic.Compare(Operators[i], left, right))
                return ExpressionValue.Of(0);
            left = right;
        }
        return ExpressionValue.Of(1);
    }

    public override string Print()
    {
        var text = Operands[0].Print();
        for (var i = 0; i < Operators.Count; i++)
            text += $" {Operators[i]} {Operands[i + 1].Print()}";
        return $"({text})";
    }

    public override IEnumerable<string> Names() => Operands.SelectMany(o => o.Names());
}

internal sealed record CallNode(string Name, MathFunction Function, IReadOnlyList<Node> Arguments, int Offset) : Node(Offset)
{
    public override ValueKind Kind => Function.Returns;

    public override ExpressionValue Evaluate(IReadOnlyDictionary<string, double> variables)
    {
        var args = Arguments.Select(a => a.Evaluate(variables)).ToArray();
        if (Function.Raw is { } raw)
            return MathFunction.Guard(Name, Offset, () => raw(args));
        var numbers = args.Length == 1 && args[0].IsList ? args[0].List!.ToArray() : args.Select(a => a.Number).ToArray();
        return ExpressionValue.Of(Function.Invoke(Name, numbers, Offset));
    }

    public override string Print() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}({string.Join(", ", Arguments.Select(a => a.Print()))})");

    public override IEnumerable<string> Names() => Arguments.SelectMany(a => a.Names());
}
