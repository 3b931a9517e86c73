using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Tests.Dsl;

public class DirectPromptParserTests
{
    private static (IReadOnlyList<DirectPrompt> Prompts, IReadOnlyList<Diagnostic> Errors) Parse(string text)
    {
        var diagnostics = new DiagnosticBag();
        var prompts = DirectPromptParser.ParsePrompts(LocatedText.Unlocated(text), DslContext.Create(diagnostics));
        return (prompts, diagnostics.Items);
    }

    [Fact]
    public void Entries_split_on_bars_with_masks_and_stops()
    {
        var (prompts, errors) = Parse("https://a.b/c.png:2 | x.png:1_[-m.png]:0.5 ||");
        Assert.Empty(errors);
        Assert.Equal(2, prompts.Count);
        Assert.Equal(("https://a.b/c.png", "2", MaskKind.All), (prompts[0].Path, prompts[0].Weight.Text, prompts[0].Mask.Kind));
        Assert.Equal((Path.GetFullPath("x.png"), MaskKind.Image, true, "0.5"), (prompts[1].Path, prompts[1].Mask.Kind, prompts[1].Mask.Inverted, prompts[1].Stop.Text));
        Assert.Equal(Path.GetFullPath("m.png"), prompts[1].Mask.Target);
    }

    [Fact]
    public void Video_mask_and_drive_paths()
    {
        var (prompts, errors) = Parse("C:/dir/x.png:1_clip.mp4");
        Assert.Empty(errors);
        Assert.Equal(MaskKind.Video, prompts[0].Mask.Kind);
        Assert.EndsWith("x.png", prompts[0].Path);
    }

    [Theory]
    [InlineData(":2", "PYTTI024", "a direct image prompt needs an image path before ':'", 0)]
    [InlineData("x.png:", "PYTTI021", "empty weight", 6)]
    [InlineData("x.png:1_", "PYTTI022", "empty mask after '_'; remove the '_' or give a mask file", 8)]
    [InlineData("x.png:1_-", "PYTTI024", "the mask has no file path", 8)]
    [InlineData("x.png:1:2:3", "PYTTI023", "too many ':' separators; expected weight[_mask][:stop]", 9)]
    [InlineData("x.png:w", "PYTTI031", "weight 'w': unknown name 'w'; variables here: t", 6)]
    public void Errors(string text, string code, string message, int column)
    {
        var (prompts, errors) = Parse(text);
        Assert.Empty(prompts);
        var error = Assert.Single(errors);
        Assert.Equal((code, message, column), (error.Code, error.Message, error.Location.Column));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    public void Off_weights(string text) =>
        Assert.Null(DirectPromptParser.ParseWeight(LocatedText.Unlocated(text), DslContext.Create(new DiagnosticBag())));

    [Fact]
    public void Zero_point_zero_is_on_like_pytti()
    {
        var weight = DirectPromptParser.ParseWeight(LocatedText.Unlocated("0.0"), DslContext.Create(new DiagnosticBag()));
        Assert.Equal("0.0", weight!.Weight.Text);
    }

    [Fact]
    public void Bracketed_masks_are_accepted_unlike_pytti_issue_218()
    {
        var weight = DirectPromptParser.ParseWeight(LocatedText.Unlocated("1_[mask.png]"), DslContext.Create(new DiagnosticBag()));
        Assert.Equal((MaskKind.Image, Path.GetFullPath("mask.png")), (weight!.Mask.Kind, weight.Mask.Target));
    }
}
