namespace Pytti.Scenes.Expressions;

/// <summary>A mistake in an expression, at <c>Offset</c> characters into the expression text.</summary>
public sealed record ExpressionError(string Code, string Message, int Offset);

/// <summary>Thrown internally while parsing or evaluating; callers receive <see cref="ExpressionError"/>s.</summary>
internal sealed class ExpressionException(string code, string message, int offset) : Exception(message)
{
    public ExpressionError Error { get; } = new(code, message, offset);
}
