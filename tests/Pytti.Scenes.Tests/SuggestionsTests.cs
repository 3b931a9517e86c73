namespace Pytti.Scenes.Tests;

public class SuggestionsTests
{
    [Theory]
    [InlineData("widht", "width")]
    [InlineData("target_pallete", "target_palette")]
    [InlineData("Steps_Per_Frame", "steps_per_frame")]
    [InlineData("sni", "sin")]
    [InlineData("x", null)]
    [InlineData("completely_unrelated", null)]
    public void Closest(string name, string? expected) =>
        Assert.Equal(expected, Suggestions.Closest(name, ["width", "height", "target_palette", "steps_per_frame", "steps_per_scene", "sin", "e"]));

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance(string a, string b, int distance) => Assert.Equal(distance, Suggestions.Distance(a, b));

    [Fact]
    public void Did_you_mean_text()
    {
        Assert.Equal("; did you mean 'width'?", Suggestions.DidYouMean("widht", ["width"]));
        Assert.Equal("", Suggestions.DidYouMean("zzz", ["width"]));
    }
}
