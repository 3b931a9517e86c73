using Pytti.Scenes.Dsl;

namespace Pytti.Scenes.Tests.Dsl;

/// <summary>Reference 2.6 (direct image prompts and loss weights), plus where this port parses as users expect.</summary>
public class DirectTokenizerTests
{
    [Theory]
    [InlineData("https://a.b/c.png:2", "https://a.b/c.png", "2", "", "-inf")]
    [InlineData("http://a.b/c.png:2_mask.png:0.5", "http://a.b/c.png", "2", "mask.png", "0.5")]
    [InlineData("path/x_y.png:1_m_a.png", "path/x_y.png", "1", "m_a.png", "-inf")]
    [InlineData("images:2", "images", "2", "", "-inf")]
    [InlineData("x.png", "x.png", "1", "", "-inf")]
    [InlineData("x.png:1_-m.mp4", "x.png", "1", "-m.mp4", "-inf")]
    public void Reference_table(string input, string path, string weight, string mask, string stop)
    {
        var tokens = DirectTokenizer.Tokenize(input, hasPath: true);
        Assert.Equal((path, weight, mask, stop), (tokens.Text.Value, tokens.Weight.Value, tokens.Mask.Value, tokens.Stop.Value));
    }

    /// <summary>PyTTI gives path <c>C</c>, weight <c>/dir/x.png</c>, stop <c>1</c>; a drive colon is not a separator here.</summary>
    [Theory]
    [InlineData("C:/dir/x.png:1", "C:/dir/x.png", "1", "", "-inf")]
    [InlineData(@"D:\img\x.png:2_E:\m.png:0.5", @"D:\img\x.png", "2", @"E:\m.png", "0.5")]
    [InlineData("ftp://h/x.png:3", "ftp://h/x.png", "3", "", "-inf")]
    public void Drive_letters_and_urls_survive(string input, string path, string weight, string mask, string stop)
    {
        var tokens = DirectTokenizer.Tokenize(input, hasPath: true);
        Assert.Equal((path, weight, mask, stop), (tokens.Text.Value, tokens.Weight.Value, tokens.Mask.Value, tokens.Stop.Value));
    }

    [Theory]
    [InlineData("1", "1", "", "-inf")]
    [InlineData("0.5_mask.png", "0.5", "mask.png", "-inf")]
    [InlineData("2:0.1", "2", "", "0.1")]
    [InlineData("2_-m.png:0.1", "2", "-m.png", "0.1")]
    [InlineData("10*t_C:/m.png:0.3", "10*t", "C:/m.png", "0.3")]
    public void Loss_weight_strings(string input, string weight, string mask, string stop)
    {
        var tokens = DirectTokenizer.Tokenize(input, hasPath: false);
        Assert.Equal((weight, mask, stop), (tokens.Weight.Value, tokens.Mask.Value, tokens.Stop.Value));
    }

    [Fact]
    public void Extra_colon_in_a_weight_string_is_found() =>
        Assert.Equal(3, DirectTokenizer.Tokenize("1:2:3", hasPath: false).ExtraColon);
}
