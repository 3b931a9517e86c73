using System.Globalization;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Expressions;

/// <summary>Splits an expression into numbers, names (<c>np.sin</c> is one name) and operators, Python-style.</summary>
internal static class Lexer
{
    private static readonly string[] Operators = ["**", "//", "<=", ">=", "==", "!=", "+", "-", "*", "/", "%", "(", ")", "[", "]", ",", "<", ">"];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                tokens.Add(ReadNumber(text, ref i));
            else if (IsNameStart(c))
                tokens.Add(ReadName(text, ref i));
            else
                tokens.Add(ReadOperator(text, ref i));
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static Token ReadNumber(string text, ref int i)
    {
        if (text[i] == '0' && i + 1 < text.Length && char.ToLowerInvariant(text[i + 1]) is 'x' or 'o' or 'b')
            return ReadPrefixedInteger(text, ref i);
        var start = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_')) i++;
        if (i < text.Length && text[i] == '.') { i++; while (i < text.Length && char.IsAsciiDigit(text[i])) i++; }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var mark = i++;
            if (i < text.Length && text[i] is '+' or '-') i++;
            if (i < text.Length && char.IsAsciiDigit(text[i])) { while (i < text.Length && char.IsAsciiDigit(text[i])) i++; }
            else i = mark;
        }
        var literal = text[start..i];
        if (i < text.Length && IsNamePart(text[i]))
            throw new ExpressionException(ErrorCodes.ExpressionSyntax, $"invalid number '{literal}{text[i]}'", start);
        var digits = literal.Replace("_", "", StringComparison.Ordinal);
        if (literal.EndsWith('_') || literal.Contains("__", StringComparison.Ordinal) || !double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new ExpressionException(ErrorCodes.ExpressionSyntax, $"invalid number '{literal}'", start);
        return new Token(TokenKind.Number, literal, start, value);
    }

    /// <summary>Python's <c>0x1F</c>, <c>0o17</c>, <c>0b101</c> (underscores allowed between digits).</summary>
    private static Token ReadPrefixedInteger(string text, ref int i)
    {
        var start = i;
        var radix = char.ToLowerInvariant(text[i + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
        i += 2;
        var value = 0.0;
        var digits = 0;
        for (; i < text.Length && (Uri.IsHexDigit(text[i]) || text[i] == '_'); i++)
        {
            if (text[i] == '_') continue;
            var digit = Convert.ToInt32(text[i].ToString(), 16);
            if (digit >= radix) break;
            value = value * radix + digit;
            digits++;
        }
        if (digits == 0 || (i < text.Length && IsNamePart(text[i])))
            throw new ExpressionException(ErrorCodes.ExpressionSyntax, $"invalid number '{text[start..Math.Min(text.Length, i + 1)]}'", start);
        return new Token(TokenKind.Number, text[start..i], start, value);
    }

    private static Token ReadName(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && IsNamePart(text[i])) i++;
        if (text.AsSpan(start, i - start) is "np" && i + 1 < text.Length && text[i] == '.' && IsNameStart(text[i + 1]))
        {
            i++;
            while (i < text.Length && IsNamePart(text[i])) i++;
        }
        return new Token(TokenKind.Name, text[start..i], start);
    }

    private static Token ReadOperator(string text, ref int i)
    {
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
            {
                var token = new Token(TokenKind.Operator, op, i);
                i += op.Length;
                return token;
            }
        }
        throw new ExpressionException(ErrorCodes.ExpressionSyntax, $"unexpected character '{text[i]}'", i);
    }
}
