using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Tests.Dsl;

public class PromptParserTests
{
    private static (Prompt? Prompt, IReadOnlyList<Diagnostic> Errors) Parse(string text, params string[] audio)
    {
        var diagnostics = new DiagnosticBag();
        var prompt = PromptParser.Parse(LocatedText.Unlocated(text), DslContext.Create(diagnostics, audio));
        return (prompt, diagnostics.Items);
    }

    private static Prompt Ok(string text, params string[] audio)
    {
        var (prompt, errors) = Parse(text, audio);
        Assert.Empty(errors);
        return prompt!;
    }

    [Fact]
    public void Text_prompt_defaults()
    {
        var prompt = Ok("a photo of a cat");
        Assert.Equal(PromptKind.Text, prompt.Kind);
        Assert.Equal("a photo of a cat", prompt.Target);
        Assert.Equal("1", prompt.Weight.Text);
        Assert.Equal("-inf", prompt.Stop.Text);
        Assert.Equal(PromptMask.None, prompt.Mask);
        Assert.Equal(Prompt.DefaultCutoff, prompt.Cutoff.Text);
        Assert.False(prompt.IsDisabled);
    }

    [Theory]
    [InlineData("a", MaskKind.All)]
    [InlineData("r", MaskKind.Right)]
    [InlineData("l", MaskKind.Left)]
    [InlineData("d", MaskKind.Down)]
    [InlineData("u", MaskKind.Up)]
    [InlineData("n", MaskKind.Near)]
    [InlineData("f", MaskKind.Far)]
    [InlineData("baby", MaskKind.Semantic)]
    [InlineData("R", MaskKind.Semantic)]
    public void Mask_letters_and_semantic_masks(string mask, MaskKind kind) =>
        Assert.Equal(kind, Ok($"cat:1_{mask}").Mask.Kind);

    [Fact]
    public void Image_and_video_masks_resolve_and_invert()
    {
        var image = Ok("sun:3_[-m.png]:0.9").Mask;
        Assert.Equal(MaskKind.Image, image.Kind);
        Assert.True(image.Inverted);
        Assert.Equal(Path.GetFullPath("m.png"), image.Target);
        var video = Ok("sun:3_[mask_1.mp4]").Mask;
        Assert.Equal(MaskKind.Video, video.Kind);
        Assert.False(video.Inverted);
    }

    [Fact]
    public void Image_prompt_paths_and_urls()
    {
        var url = Ok("[http://x.com/a.png]:3");
        Assert.Equal(PromptKind.Image, url.Kind);
        Assert.Equal("http://x.com/a.png", url.Target);
        Assert.Equal(Path.GetFullPath("pics/a b.png"), Ok("[ pics/a b.png ]").Target);
        Assert.Equal(PromptKind.Image, Ok("[C:/x.png]").Kind);
    }

    [Fact]
    public void Exact_zero_weight_disables_the_prompt()
    {
        Assert.True(Ok("cat:0").IsDisabled);
        Assert.False(Ok("cat:0.0").IsDisabled);
        Assert.False(Ok("cat: 0").IsDisabled);
    }

    [Fact]
    public void Weight_field_naming_an_audio_prev_variable_is_not_split()
    {
        var prompt = Ok("x:fLo_prev", "fLo");
        Assert.Equal("fLo_prev", prompt.Weight.Text);
        Assert.Equal(MaskKind.All, prompt.Mask.Kind);
        var pytti = Ok("x:2_prev");
        Assert.Equal(MaskKind.Semantic, pytti.Mask.Kind);
        Assert.Equal("prev", pytti.Mask.Target);
    }

    [Theory]
    [InlineData("cat:", "PYTTI021", "empty weight after ':'", 4)]
    [InlineData("cat::0.5", "PYTTI021", "empty weight after ':'", 4)]
    [InlineData("cat:1:", "PYTTI021", "empty stop after ':'", 6)]
    [InlineData("cat:1_", "PYTTI022", "empty mask after '_'; remove the '_' or name a mask", 6)]
    [InlineData("cat:1_m_", "PYTTI022", "empty mask cutoff after '_'", 8)]
    [InlineData(":2", "PYTTI020", "the prompt has no text before ':'", 0)]
    [InlineData("a:1:2:3", "PYTTI023", "a prompt has at most two ':' separators (text:weight:stop); put ':' in text inside [brackets]", 5)]
    [InlineData("[]", "PYTTI024", "empty image prompt '[]'; write [path/to/image.png]", 0)]
    [InlineData("cat:1_[-]", "PYTTI024", "empty mask '[]'; write _[mask.png] or _[-mask.png]", 6)]
    [InlineData("[clip.mp4]:2", "PYTTI025", "'clip.mp4' is a video; videos work as masks (prompt:1_[clip.mp4]) but not as image prompts", 1)]
    [InlineData("cat:abc", "PYTTI031", "weight 'abc': unknown name 'abc'; did you mean 'abs'?; variables here: t", 4)]
    [InlineData("cat:1:zz", "PYTTI031", "stop 'zz': unknown name 'zz'; variables here: t", 6)]
    [InlineData("cat:1 +", "PYTTI030", "weight '1 +': the expression ends too early", 7)]
    [InlineData("cat:1_m_x", "PYTTI031", "mask cutoff 'x': unknown name 'x'; variables here: t", 8)]
    public void Late_pytti_crashes_are_load_errors(string text, string code, string message, int column0)
    {
        var (prompt, errors) = Parse(text);
        Assert.Null(prompt);
        var error = Assert.Single(errors);
        Assert.Equal((code, message, column0), (error.Code, error.Message, error.Location.Column));
    }

    [Fact]
    public void Unbracketed_drive_path_explains_itself()
    {
        var (prompt, errors) = Parse("C:/x.png");
        Assert.Null(prompt);
        Assert.Equal("PYTTI026", errors[0].Code);
        Assert.Equal("'C:/x.png' splits at the drive colon; write an image prompt as [C:/x.png]", errors[0].Message);
    }

    [Fact]
    public void Semantic_weight_uses_the_clip_grammar()
    {
        var diagnostics = new DiagnosticBag();
        var weight = PromptParser.ParseSemanticWeight(LocatedText.Unlocated("2_sky:0.5"), DslContext.Create(diagnostics));
        Assert.Empty(diagnostics.Items);
        Assert.Equal(("2", MaskKind.Semantic, "0.5"), (weight!.Weight.Text, weight.Mask.Kind, weight.Stop.Text));
        Assert.Null(PromptParser.ParseSemanticWeight(LocatedText.Unlocated("0"), DslContext.Create(diagnostics)));
        Assert.Null(PromptParser.ParseSemanticWeight(LocatedText.Unlocated(""), DslContext.Create(diagnostics)));
    }

    [Fact]
    public void Text_starting_with_a_closed_bracket_stays_text_like_pytti()
    {
        var prompt = Ok("[sic] a cat:2");
        Assert.Equal((PromptKind.Text, "[sic] a cat"), (prompt.Kind, prompt.Target));
        Assert.Equal((MaskKind.Semantic, "[x] y"), (Ok("cat:1_[x] y").Mask.Kind, Ok("cat:1_[x] y").Mask.Target));
    }
}
