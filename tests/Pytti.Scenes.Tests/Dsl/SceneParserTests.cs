using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Tests.Dsl;

/// <summary>Reference 2.1 and 2.4: scene splitting, prefix/suffix glued verbatim.</summary>
public class SceneParserTests
{
    private static IReadOnlyList<Scene> Parse(string scenes, string prefix = "", string suffix = "")
    {
        var diagnostics = new DiagnosticBag();
        var result = SceneParser.Parse(LocatedText.Unlocated(scenes), LocatedText.Unlocated(prefix), LocatedText.Unlocated(suffix), DslContext.Create(diagnostics));
        Assert.Empty(diagnostics.Items);
        return result;
    }

    private static string[][] Targets(IReadOnlyList<Scene> scenes) => scenes.Select(s => s.Prompts.Select(p => p.Target).ToArray()).ToArray();

    [Fact]
    public void Scenes_and_prompts_split_on_bars() =>
        Assert.Equal([["a cat", "a dog"], ["sunset"]], Targets(Parse("a cat | a dog || sunset")));

    [Fact]
    public void Empty_pieces_are_dropped_but_blank_ones_are_empty_scenes()
    {
        Assert.Equal([["a"], ["b"]], Targets(Parse("a||||b")));
        Assert.Equal([["a"], [], ["b"]], Targets(Parse("a|| ||b")));
        Assert.Equal([[]], Targets(Parse(" ")));
        Assert.Empty(Parse(""));
    }

    [Fact]
    public void Triple_bar_splits_at_the_first_pair() =>
        Assert.Equal([["a"], ["b"]], Targets(Parse("a |||b")));

    [Fact]
    public void Empty_prompts_are_dropped() =>
        Assert.Equal([["a", "b"]], Targets(Parse("| a ||| | b |".Replace("|||", "| |"))));

    [Fact]
    public void Brackets_do_not_protect_bars()
    {
        var diagnostics = new DiagnosticBag();
        var scenes = SceneParser.Parse(LocatedText.Unlocated("[a|b].png]"), LocatedText.Unlocated(""), LocatedText.Unlocated(""), DslContext.Create(diagnostics));
        Assert.Equal([["b].png]"]], Targets(scenes));
        Assert.Equal(["error PYTTI027: '[a' opens '[' but never closes it; an image prompt is [path]"], diagnostics.Items.Select(d => d.ToString()));
    }

    [Fact]
    public void Prefix_and_suffix_are_glued_verbatim()
    {
        var scenes = Parse("cat || dog", prefix: "style | ", suffix: " | art:-1:-.95");
        Assert.Equal([["style", "cat", "art"], ["style", "dog", "art"]], Targets(scenes));
        Assert.Equal("style | cat  | art:-1:-.95", scenes[0].Text);
        Assert.Equal("-1", scenes[0].Prompts[2].Weight.Text);
    }

    [Fact]
    public void Prefix_without_bar_fuses_with_the_first_prompt() =>
        Assert.Equal([["stylecat"]], Targets(Parse("cat", prefix: "style")));

    [Fact]
    public void Demo_yaml_prefix_has_a_semantic_mask()
    {
        const string prefix = "astrophotography #pixelart | image credit nasa | space full of cybernetic neon:3_galactic nebula | isometric pixelart by Sachin Teng | ";
        const string suffix = "| satellite image:-1:-.95 | text:-1:-.95 | anime:-1:-.95 | watermark:-1:-.95";
        var scene = Assert.Single(Parse("a rocket", prefix, suffix));
        Assert.Equal(9, scene.Prompts.Count);
        var neon = scene.Prompts[2];
        Assert.Equal(("space full of cybernetic neon", "3", MaskKind.Semantic, "galactic nebula"), (neon.Target, neon.Weight.Text, neon.Mask.Kind, neon.Mask.Target));
        Assert.Equal("a rocket", scene.Prompts[4].Target);
        Assert.Equal(("satellite image", "-1", "-.95"), (scene.Prompts[5].Target, scene.Prompts[5].Weight.Text, scene.Prompts[5].Stop.Text));
    }

    [Fact]
    public void Errors_in_prefix_are_located_in_the_prefix()
    {
        var diagnostics = new DiagnosticBag();
        var prefix = LocatedText.From(new YamlScalar("bad: |", YamlDotNet.Core.ScalarStyle.Plain, new SourceLocation("p.yaml", 3, 15)));
        var scenes = LocatedText.From(new YamlScalar("cat:zz", YamlDotNet.Core.ScalarStyle.Plain, new SourceLocation("s.yaml", 7, 9)));
        SceneParser.Parse(scenes, prefix, LocatedText.Unlocated(""), DslContext.Create(diagnostics));
        Assert.Equal(
        [
            "p.yaml(3,19): error PYTTI021: empty weight after ':'",
            "s.yaml(7,13): error PYTTI031: weight 'zz': unknown name 'zz'; variables here: t",
        ], diagnostics.Items.Select(d => d.ToString()));
    }
}
