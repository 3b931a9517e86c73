using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Expressions;

/// <summary>
/// Recursive-descent parser with Python's precedence: <c>a if c else b</c> &lt; <c>or</c> &lt; <c>and</c> &lt;
/// <c>not</c> &lt; comparisons (chained) &lt; <c>+ -</c> &lt; <c>* / // %</c> &lt; unary <c>- +</c> &lt;
/// <c>**</c> (right-associative, so <c>-2**2</c> is -4) &lt; indexing &lt; atoms (numbers, names, calls,
/// lists and tuples).
/// Names are resolved against the scope while parsing, so unknown names fail at compile time.
/// </summary>
internal sealed class ExpressionParser(List<Token> tokens, ExpressionScope scope)
{
    private static readonly HashSet<string> Comparisons = ["<", "<=", ">", ">=", "==", "!="];

    /// <summary>Limits that keep evaluation off deep recursion (a stack overflow cannot be caught).</summary>
    public const int MaxTokens = 2000;
    public const int MaxNesting = 100;

    private int _position;
    private int _nesting;

    private Token Current => tokens[_position];

    public Node ParseAll()
    {
        if (Current.Kind == TokenKind.End)
            throw new ExpressionException(ErrorCodes.ExpressionSyntax, "empty expression", Current.Offset);
        if (tokens.Count > MaxTokens)
            throw new ExpressionException(ErrorCodes.ExpressionSyntax, $"the expression is too long (more than {MaxTokens} tokens)", tokens[MaxTokens].Offset);
        var node = ParseExpression();
        if (Current.Kind != TokenKind.End)
            throw Unexpected();
        return node;
    }

    private Node ParseExpression()
    {
        var then = ParseOr();
        if (!IsKeyword("if"))
            return then;
        var at = Advance();
        using var nesting = Nest(at);
        var condition = ParseOr();
        if (!IsKeyword("else"))
            throw new ExpressionException(ErrorCodes.ExpressionSyntax, "'if' needs an 'else': a if condition else b", Current.Offset);
        Advance();
        var otherwise = ParseExpression();
        return new ConditionalNode(condition, then, SameKind(then, otherwise), then.Offset);
    }

    private Node ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword("or"))
        {
            var op = Advance();
            left = new LogicNode("or", left, SameKind(left, ParseAnd()), op.Offset);
        }
        return left;
    }

    private Node ParseAnd()
    {
        var left = ParseNot();
        while (IsKeyword("and"))
        {
            var op = Advance();
            left = new LogicNode("and", left, SameKind(left, ParseNot()), op.Offset);
        }
        return left;
    }

    private Node ParseNot()
    {
        if (!IsKeyword("not"))
            return ParseComparison();
        var op = Advance();
        using var nesting = Nest(op);
        return new NotNode(ParseNot(), op.Offset);
    }

    private static Node SameKind(Node first, Node second) => first.Kind == second.Kind ? second
        : throw new ExpressionException(ErrorCodes.ExpressionType, "both sides must be numbers, or both lists", second.Offset);

    private bool IsKeyword(string word) => Current.Kind == TokenKind.Name && Current.Text == word;

    private Node ParseComparison()
    {
        var first = ParseAdditive();
        if (!IsOperator(Comparisons))
            return first;
        var ops = new List<string>();
        var operands = new List<Node> { first };
        while (IsOperator(Comparisons))
        {
            ops.Add(Advance().Text);
            operands.Add(ParseAdditive());
        }
        return new CompareNode(ops, operands, first.Offset);
    }

    private Node ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (IsOperator("+", "-"))
        {
            var op = Advance();
            left = new BinaryNode(op.Text, RequireNumber(left), RequireNumber(ParseMultiplicative()), op.Offset);
        }
        return left;
    }

    private Node ParseMultiplicative()
    {
        var left = ParseUnary();
        while (IsOperator("*", "/", "//", "%"))
        {
            var op = Advance();
            left = new BinaryNode(op.Text, RequireNumber(left), RequireNumber(ParseUnary()), op.Offset);
        }
        return left;
    }

    private Node ParseUnary()
    {
        if (!IsOperator("-", "+"))
            return ParsePower();
        var op = Advance();
        using var nesting = Nest(op);
        return new UnaryNode(op.Text, RequireNumber(ParseUnary()), op.Offset);
    }

    /// <summary>Counts one level of nesting (parentheses, brackets, calls, unary signs) until disposed.</summary>
    private NestingScope Nest(Token at)
    {
        if (++_nesting > MaxNesting)
            throw new ExpressionException(ErrorCodes.ExpressionSyntax, $"the expression is nested too deeply (more than {MaxNesting} levels)", at.Offset);
        return new NestingScope(this);
    }

    private readonly struct NestingScope(ExpressionParser parser) : IDisposable
    {
        public void Dispose() => parser._nesting--;
    }

    private Node ParsePower()
    {
        var atom = ParseIndexed();
        if (!IsOperator("**"))
            return atom;
        var op = Advance();
        return new BinaryNode("**", RequireNumber(atom), RequireNumber(ParseUnary()), op.Offset);
    }

    private Node ParseIndexed()
    {
        var node = ParseAtom();
        while (IsOperator("["))
        {
            var open = Advance();
            using var nesting = Nest(open);
            if (node.Kind != ValueKind.List)
                throw new ExpressionException(ErrorCodes.ExpressionType, "only a list can be indexed", open.Offset);
            var index = RequireNumber(ParseExpression());
            Expect("]", open);
            node = new IndexNode(node, index, open.Offset);
        }
        return node;
    }

    private Node ParseAtom()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberNode(token.Number, token.Offset);
            case TokenKind.Name:
                Advance();
                return IsOperator("(") ? ParseCall(token) : ResolveName(token);
            case TokenKind.Operator when token.Text == "(":
                Advance();
                using (Nest(token))
                    return ParseParenthesised(token);
            case TokenKind.Operator when token.Text == "[":
                Advance();
                using (Nest(token))
                    return new ListNode(ParseArguments("]", token).Select(RequireNumber).ToList(), token.Offset);
            default:
                throw Unexpected();
        }
    }

    /// <summary><c>(a)</c> is a, <c>(a, b)</c> and <c>(a,)</c> are tuples (lists here).</summary>
    private Node ParseParenthesised(Token open)
    {
        var first = ParseExpression();
        if (!IsOperator(","))
        {
            Expect(")", open);
            return first;
        }
        Advance();
        var rest = ParseArguments(")", open);
        return new ListNode(rest.Prepend(first).Select(RequireNumber).ToList(), open.Offset);
    }

    private Node ParseCall(Token name)
    {
        var open = Advance();
        using var nesting = Nest(open);
        var resolved = MathLibrary.Resolve(name.Text);
        if (resolved is null || !MathLibrary.Functions.TryGetValue(resolved, out var function))
            throw new ExpressionException(ErrorCodes.UnknownName, $"unknown function '{name.Text}'{Suggestions.DidYouMean(name.Text, MathLibrary.Functions.Keys)}", name.Offset);
        var args = ParseArguments(")", open);
        var takesOneList = function.Raw is not null || (function.TakesList && args.Count == 1 && args[0].Kind == ValueKind.List);
        if (!takesOneList)
            foreach (var arg in args)
                RequireNumber(arg);
        if (!takesOneList || function.Raw is not null)
            if (!function.Arity(args.Count))
                throw new ExpressionException(ErrorCodes.ArgumentCount, $"{name.Text}() takes {function.ArityText} argument(s), {args.Count} given", name.Offset);
        return new CallNode(name.Text, function, args, name.Offset);
    }

    private List<Node> ParseArguments(string close, Token open)
    {
        var items = new List<Node>();
        while (!IsOperator(close) && Current.Kind != TokenKind.End)
        {
            items.Add(ParseExpression());
            if (!IsOperator(","))
                break;
            Advance();
        }
        Expect(close, open);
        return items;
    }

    private Node ResolveName(Token token)
    {
        var resolved = MathLibrary.Resolve(token.Text);
        if (resolved is not null && MathLibrary.Constants.TryGetValue(resolved, out var constant))
            return new NameNode(token.Text, constant, token.Offset);
        if (scope.Contains(token.Text))
            return new NameNode(token.Text, null, token.Offset);
        if (resolved is not null && MathLibrary.Functions.ContainsKey(resolved))
            throw new ExpressionException(ErrorCodes.ExpressionType, $"'{token.Text}' is a function; call it like {token.Text}(x)", token.Offset);
        var known = scope.Variables.Concat(MathLibrary.Constants.Keys).Concat(MathLibrary.Functions.Keys);
        throw new ExpressionException(ErrorCodes.UnknownName,
            $"unknown name '{token.Text}'{Suggestions.DidYouMean(token.Text, known)}; variables here: {string.Join(", ", scope.Variables.Order(StringComparer.Ordinal))}",
            token.Offset);
    }

    private static Node RequireNumber(Node node) =>
        node.Kind == ValueKind.Number ? node : throw new ExpressionException(ErrorCodes.ExpressionType, "a list cannot be used in arithmetic or as a function argument here", node.Offset);

    private bool IsOperator(params ReadOnlySpan<string> ops) => Current.Kind == TokenKind.Operator && ops.Contains(Current.Text);

    private bool IsOperator(HashSet<string> ops) => Current.Kind == TokenKind.Operator && ops.Contains(Current.Text);

    private Token Advance() => tokens[_position++];

    private void Expect(string text, Token open)
    {
        if (!IsOperator(text))
            throw Current.Kind == TokenKind.End
                ? new ExpressionException(ErrorCodes.ExpressionSyntax, $"'{open.Text}' is never closed; expected '{text}'", open.Offset)
                : Unexpected();
        Advance();
    }

    private ExpressionException Unexpected() => Current.Kind == TokenKind.End
        ? new ExpressionException(ErrorCodes.ExpressionSyntax, "the expression ends too early", Current.Offset)
        : new ExpressionException(ErrorCodes.ExpressionSyntax, $"unexpected '{Current.Text}'", Current.Offset);
}
