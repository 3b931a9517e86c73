namespace Pytti.Scenes.Expressions;

internal enum TokenKind { Number, Name, Operator, End }

/// <summary>One lexical token; <c>Offset</c> is its position inside the expression text.</summary>
internal sealed record Token(TokenKind Kind, string Text, int Offset, double Number = 0);
