namespace Pytti.Scenes.Expressions;

/// <summary>The result of an expression: a number, or a list of numbers (only <c>rotate_3d</c> wants one).</summary>
public readonly record struct ExpressionValue(double Number, IReadOnlyList<double>? List)
{
    public bool IsList => List is not null;

    public static ExpressionValue Of(double number) => new(number, null);

    public static ExpressionValue Of(IReadOnlyList<double> list) => new(double.NaN, list);

    public override string ToString() =>
        IsList ? "[" + string.Join(", ", List!.Select(NumberText.Format)) + "]" : NumberText.Format(Number);
}
