using FsCheck;
using FsCheck.Fluent;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Tests;

/// <summary>Any text fed to the DSL and expression parsers gives a result or our located error, never another exception.</summary>
public class ParserRobustnessTests
{
    private static readonly HashSet<string> KnownCodes = ErrorCodes.All.Select(c => c.Code).ToHashSet();

    /// <summary>Strings over the characters that matter to the grammars, so interesting paths are hit often.</summary>
    private static readonly Gen<string> GrammarText =
        Gen.ArrayOf(Gen.Elements("a", "t", ":", "_", "|", "||", "[", "]", "-", "1", "0", ".", " ", "(", ")", "*", "**", ",", "C:/", "http://", "x.png", ".mp4", "sin", "inf", "e", "\n", "é"))
            .Select(parts => string.Concat(parts));

    private static Gen<string> AnyText => Gen.OneOf(GrammarText, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Scene_dsl_never_throws()
    {
        Prop.ForAll(AnyText.ToArbitrary(), text =>
        {
            var diagnostics = new DiagnosticBag();
            var scene = LocatedText.From(new YamlScalar(text, YamlDotNet.Core.ScalarStyle.Plain, new SourceLocation("f.yaml", 3, 9)));
            var scenes = SceneParser.Parse(scene, LocatedText.Unlocated(""), LocatedText.Unlocated(""), DslContext.Create(diagnostics, ["bass"]));
            return scenes.Count >= 0 && diagnostics.Items.All(d => KnownCodes.Contains(d.Code) && d.Location.File == "f.yaml" && d.Location.Line >= 3);
        }).Check(Quick);
    }

    [Fact]
    public void Direct_grammar_never_throws()
    {
        Prop.ForAll(AnyText.ToArbitrary(), text =>
        {
            var diagnostics = new DiagnosticBag();
            var context = DslContext.Create(diagnostics);
            DirectPromptParser.ParsePrompts(LocatedText.Unlocated(text), context);
            DirectPromptParser.ParseWeight(LocatedText.Unlocated(text), context);
            PromptParser.ParseSemanticWeight(LocatedText.Unlocated(text), context);
            return diagnostics.Items.All(d => KnownCodes.Contains(d.Code));
        }).Check(Quick);
    }

    [Fact]
    public void Expressions_compile_or_fail_with_an_offset_inside_the_text()
    {
        var expressionText = Gen.OneOf(AnyText, Gen.ArrayOf(Gen.Elements("t", "1", "2.5", "+", "-", "*", "/", "//", "%", "**", "(", ")", "[", "]", ",", "<", "==", "sin", "max", "pi", " ")).Select(p => string.Concat(p)));
        Prop.ForAll(expressionText.ToArbitrary(), ArbMap.Default.ArbFor<double>(), (text, t) =>
        {
            var compiled = CompiledExpression.TryCompile(text, ExpressionScope.TimeOnly, out var error);
            if (compiled is null)
                return KnownCodes.Contains(error!.Code) && error.Offset >= 0 && error.Offset <= text.Length;
            var value = compiled.TryEvaluate(new Dictionary<string, double> { ["t"] = t }, out var evaluationError);
            return value is not null || (evaluationError!.Code == ErrorCodes.EvaluationError && evaluationError.Offset <= text.Length);
        }).Check(Quick);
    }

    [Fact]
    public void Normalized_text_compiles_to_the_same_value()
    {
        var expressionText = Gen.ArrayOf(Gen.Elements("t", "1", "2.5", "+", "-", "*", "**", "(", ")", "abs(", "3")).Select(p => string.Concat(p));
        Prop.ForAll(expressionText.ToArbitrary(), text =>
        {
            var compiled = CompiledExpression.TryCompile(text, ExpressionScope.TimeOnly, out _);
            if (compiled is null)
                return true;
            var again = CompiledExpression.Compile(compiled.Normalized);
            var variables = new Dictionary<string, double> { ["t"] = 0.7 };
            var a = compiled.TryEvaluate(variables, out _);
            var b = again.TryEvaluate(variables, out _);
            return again.Normalized == compiled.Normalized && Equals(a?.ToString(), b?.ToString());
        }).Check(Quick);
    }
}
