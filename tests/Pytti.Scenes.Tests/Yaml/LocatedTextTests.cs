using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Yaml;
using YamlDotNet.Core;

namespace Pytti.Scenes.Tests.Yaml;

public class LocatedTextTests
{
    private static LocatedText At(string text, int line, int column, ScalarStyle style = ScalarStyle.Plain) =>
        LocatedText.From(new YamlScalar(text, style, new SourceLocation("f", line, column)));

    [Fact]
    public void Concatenation_keeps_each_part_location()
    {
        var glued = LocatedText.Concat(At("abc", 1, 5), At("xyz", 7, 3));
        Assert.Equal("abcxyz", glued.Text);
        Assert.Equal(new SourceLocation("f", 1, 6), glued.LocationAt(1));
        Assert.Equal(new SourceLocation("f", 7, 4), glued.LocationAt(4));
        Assert.Equal(new SourceLocation("f", 7, 6), glued.LocationAt(6));
    }

    [Fact]
    public void Slices_and_trims_keep_locations()
    {
        var text = At("  cat:2 ", 2, 10).Trim();
        Assert.Equal("cat:2", text.Text);
        Assert.Equal(new SourceLocation("f", 2, 12), text.Location);
        var weight = text.Slice(4);
        Assert.Equal(new SourceLocation("f", 2, 16), weight.Location);
        var empty = text.Slice(5, 0);
        Assert.Equal(new SourceLocation("f", 2, 17), empty.Location);
    }

    [Fact]
    public void Quoted_scalars_start_after_the_quote() =>
        Assert.Equal(new SourceLocation("f", 1, 10), At("cat", 1, 9, ScalarStyle.SingleQuoted).LocationAt(0));

    [Fact]
    public void Literal_blocks_count_lines_and_indentation()
    {
        var scalar = new YamlScalar("a\nbc:\n", ScalarStyle.Literal, new SourceLocation("f", 3, 9)) { BlockIndent = 2 };
        Assert.Equal(new SourceLocation("f", 4, 3), scalar.LocationAt(0));
        Assert.Equal(new SourceLocation("f", 5, 5), scalar.LocationAt(4));
    }

    [Fact]
    public void Unlocated_text_has_no_file() => Assert.Equal("", LocatedText.Unlocated("x").Location.File);
}
