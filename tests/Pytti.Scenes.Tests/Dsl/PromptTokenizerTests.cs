using Pytti.Scenes.Dsl;

namespace Pytti.Scenes.Tests.Dsl;

/// <summary>The verified tokenisation table of reference 2.3, field by field, exactly as PyTTI splits.</summary>
public class PromptTokenizerTests
{
    private const string D = "0.5000873264";

    [Theory]
    [InlineData("a photo of a cat", "a photo of a cat", "1", "a", D, "-inf")]
    [InlineData("cat:2", "cat", "2", "a", D, "-inf")]
    [InlineData("cat:2:0.5", "cat", "2", "a", D, "0.5")]
    [InlineData("a:b:c:d", "a", "b", "a", D, "c:d")]
    [InlineData("[http://x.com/a.png]:3", "[http://x.com/a.png]", "3", "a", D, "-inf")]
    [InlineData("a [b:c] d:2", "a [b:c] d", "2", "a", D, "-inf")]
    [InlineData("dragon:3_baby", "dragon", "3", "baby", D, "-inf")]
    [InlineData("dragon:3_baby_0.5", "dragon", "3", "baby", "0.5", "-inf")]
    [InlineData("sun:3_[mask_1.mp4]", "sun", "3", "[mask_1.mp4]", D, "-inf")]
    [InlineData("sun:3_[-m.png]:0.9", "sun", "3", "[-m.png]", D, "0.9")]
    [InlineData("cat:", "cat", "", "a", D, "-inf")]
    [InlineData("cat::0.5", "cat", "", "a", D, "0.5")]
    [InlineData("x:fLo_prev", "x", "fLo", "prev", D, "-inf")]
    [InlineData("text: -1 : -.9", "text", " -1 ", "a", D, " -.9")]
    [InlineData("C:/x.png", "C", "/x.png", "a", D, "-inf")]
    [InlineData(":2", "", "2", "a", D, "-inf")]
    [InlineData("cat:1_", "cat", "1", "", D, "-inf")]
    [InlineData("neon:3_galactic nebula", "neon", "3", "galactic nebula", D, "-inf")]
    [InlineData("a_b c:2", "a_b c", "2", "a", D, "-inf")]
    [InlineData("x:1_ mask _0.3:0.2", "x", "1", "mask", "0.3", "0.2")]
    [InlineData("x:1_m_0.3_9", "x", "1", "m", "0.3_9", "-inf")]
    [InlineData("[a:b]", "[a:b]", "1", "a", D, "-inf")]
    public void Splits_like_pytti(string input, string text, string weight, string mask, string cutoff, string stop)
    {
        var tokens = PromptTokenizer.Tokenize(input);
        Assert.Equal((text, weight, mask, cutoff, stop), (tokens.Text.Value, tokens.Weight.Value, tokens.Mask.Value, tokens.Cutoff.Value, tokens.Stop.Value));
    }

    [Fact]
    public void Offsets_point_into_the_prompt()
    {
        var tokens = PromptTokenizer.Tokenize("  sun :3_[-m.png]:0.9");
        Assert.Equal(2, tokens.Text.Offset);
        Assert.Equal(7, tokens.Weight.Offset);
        Assert.Equal(9, tokens.Mask.Offset);
        Assert.Equal(18, tokens.Stop.Offset);
        Assert.True(tokens.Cutoff.IsDefault);
    }

    [Fact]
    public void Third_colon_is_found()
    {
        Assert.Equal(5, PromptTokenizer.Tokenize("a:b:c:d").ExtraColon);
        Assert.Equal(-1, PromptTokenizer.Tokenize("a:b:c").ExtraColon);
    }
}
