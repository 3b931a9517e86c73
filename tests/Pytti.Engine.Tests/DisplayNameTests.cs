using Pytti.Engine.Prompts;

namespace Pytti.Engine.Tests;

/// <summary>Loss log names as PyTTI displays them (reference 2.3).</summary>
public class DisplayNameTests
{
    [Theory]
    [InlineData("a photo of a cat", "a photo of a cat")]
    [InlineData("exactly twenty-seven chars!", "exactly twenty-seven chars!")]                 // 27: kept
    [InlineData("a lighthouse at sunset, oil on canvas", "a lighthouse at suns..anvas")]      // first 20 + ".." + last 5
    [InlineData("café au lait", "caf au lait")]                                               // non-ASCII dropped (CLIP still sees it)
    public void Text_prompts(string text, string name) => Assert.Equal(name, DisplayNames.Of(text));

    [Fact]
    public void Image_direct_and_init_names_add_their_kind_before_shortening()
    {
        Assert.Equal("[cat.png] (semantic)", DisplayNames.Image("/scenes/img/cat.png"));
        Assert.Equal("[https://x.org/a.png..ntic)", DisplayNames.Image("https://x.org/a.png"));
        Assert.Equal("cat.png (direct)", DisplayNames.Direct("/scenes/cat.png", latent: false));
        Assert.Equal("cat.png (latent)", DisplayNames.Direct("/scenes/cat.png", latent: true));
        Assert.Equal("direct init image (i..rect)", DisplayNames.DirectInit("/scenes/init.png", latent: false));
        Assert.Equal("init image [init.png..ntic)", DisplayNames.SemanticInit("/scenes/init.png"));
        Assert.Equal("stabilization (semantic)", DisplayNames.SemanticStabilization);
    }

    [Fact]
    public void A_name_already_taken_gets_a_number()
    {
        var taken = new HashSet<string>();
        Assert.Equal("a cat", DisplayNames.Claim(taken, "a cat"));
        Assert.Equal("a cat #2", DisplayNames.Claim(taken, "a cat"));
        Assert.Equal("a cat #3", DisplayNames.Claim(taken, "a cat"));
    }

    [Fact]
    public void Two_equal_prompts_in_a_scene_log_apart()
    {
        var r = Fixtures.Render(Fixtures.Scene("scenes: a cat | a cat:-1 | a lighthouse at sunset, oil on canvas\nwidth: 16\nheight: 16\nsteps_per_scene: 2\ncutouts: 2\n"),
            new Rendering.RenderAssets(_ => throw new InvalidOperationException("no files")));
        Assert.Equal(["a cat", "a cat #2", "a lighthouse at suns..anvas"], r.Steps[0].Raw.Keys.Where(k => k != "smoothing").Order(StringComparer.Ordinal));
    }
}
