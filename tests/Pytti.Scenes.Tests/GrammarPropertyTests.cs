using FsCheck;
using FsCheck.Fluent;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;

namespace Pytti.Scenes.Tests;

/// <summary>Round trips: fields glued with the DSL's separators come back apart; random arithmetic evaluates like C#.</summary>
public class GrammarPropertyTests
{
    private static readonly Gen<string> Word =
        (from length in Gen.Choose(1, 8)
         from chars in Gen.ArrayOf(Gen.Elements("a", "b", "z", "1", ".", " ", "-", "é", "*", "(", ")"), length)
         select string.Concat(chars).Trim())
            .Where(w => w.Length > 0);

    [Fact]
    public void Prompt_fields_round_trip()
    {
        var fields = from text in Word
                     from weight in Word
                     from mask in Word
                     from cutoff in Word
                     from stop in Word
                     select (text, weight, mask, cutoff, stop);
        Prop.ForAll(fields.ToArbitrary(), f =>
        {
            var tokens = PromptTokenizer.Tokenize($"{f.text}:{f.weight}_{f.mask}_{f.cutoff}:{f.stop}");
            return (tokens.Text.Value, tokens.Weight.Value, tokens.Mask.Value, tokens.Cutoff.Value, tokens.Stop.Value) == f;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Direct_fields_round_trip()
    {
        var fields = from path in Word
                     from weight in Word
                     from mask in Word
                     from stop in Word
                     select (path, weight, mask, stop);
        Prop.ForAll(fields.ToArbitrary(), f =>
        {
            var tokens = DirectTokenizer.Tokenize($"{f.path}:{f.weight}_{f.mask}:{f.stop}", hasPath: true);
            return (tokens.Text.Value, tokens.Weight.Value, tokens.Mask.Value, tokens.Stop.Value) == f;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    /// <summary>A random expression tree as (text, value), text fully parenthesised.</summary>
    private static Gen<(string Text, double Value)> Tree(int size) => size <= 0
        ? Gen.Choose(0, 20).Select(n => (n.ToString(System.Globalization.CultureInfo.InvariantCulture), (double)n))
        : Gen.OneOf(
            Tree(0),
            from op in Gen.Elements("+", "-", "*")
            from left in Tree(size / 2)
            from right in Tree(size / 2)
            select ($"({left.Text} {op} {right.Text})", op switch { "+" => left.Value + right.Value, "-" => left.Value - right.Value, _ => left.Value * right.Value }),
            from operand in Tree(size - 1)
            select ($"-{operand.Text}", -operand.Value));

    [Fact]
    public void Arithmetic_matches_direct_computation()
    {
        Prop.ForAll(Gen.Sized(Tree).ToArbitrary(), tree =>
            CompiledExpression.Compile(tree.Text).EvaluateNumber(0) == tree.Value)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
