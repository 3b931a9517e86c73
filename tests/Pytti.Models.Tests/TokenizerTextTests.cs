using Pytti.Models.Clip;

namespace Pytti.Models.Tests;

/// <summary>Text cleaning against values printed by CPython 3.11 (<c>html.unescape</c>, <c>str.lower</c>, <c>str.isspace</c>).</summary>
public sealed class TokenizerTextTests
{
    [Theory]
    [InlineData("&amp", "&")]
    [InlineData("&ampx", "&x")]
    [InlineData("&amp;lt;", "&lt;")]
    [InlineData("&#x27;", "'")]
    [InlineData("&#39", "'")]
    [InlineData("&#128;", "\u20ac")]
    [InlineData("&#0;", "\ufffd")]
    [InlineData("&#xD800;", "\ufffd")]
    [InlineData("&#1114112;", "\ufffd")]
    [InlineData("&#99999999999999999999;", "\ufffd")]
    [InlineData("&#xFFFFFFFFFFFFFFFF;", "\ufffd")]
    [InlineData("&#x1F642;", "\ud83d\ude42")]
    [InlineData("&notit;", "\u00acit;")]
    [InlineData("&notin;", "\u2209")]
    [InlineData("&copy2024", "\u00a92024")]
    [InlineData("&Eacute;t&eacute", "\u00c9t\u00e9")]
    [InlineData("&bogus;", "&bogus;")]
    [InlineData("& spaced", "& spaced")]
    [InlineData("&#11;", "")]
    [InlineData("&#xFFFF;", "")]
    [InlineData("&AMP;", "&")]
    [InlineData("&lt&gt", "<>")]
    [InlineData("a&#x2F;b", "a/b")]
    public void Html_unescape_matches_python(string text, string expected) =>
        Assert.Equal(expected, TokenizerHtmlUnescape.Unescape(text));

    [Theory]
    [InlineData("ΟΔΟΣ ΣΑΣ", "οδος σας")]
    [InlineData("Σ", "σ")]
    [InlineData("AΣ.", "aς.")]
    [InlineData("İstanbul", "i\u0307stanbul")]
    [InlineData("ΑΣ'Β", "ασ'β")]
    public void Lower_matches_python(string text, string expected) =>
        Assert.Equal(expected, TokenizerPythonText.Lower(text));

    [Theory]
    [InlineData("a\u001cb\u00a0c\u3000d", "a b c d")]
    [InlineData("\u2028 x \u2029", "x")]
    public void Whitespace_is_pythons(string text, string expected) =>
        Assert.Equal(expected, TokenizerPythonText.FoldWhitespace(text));

    [Fact]
    public void Cleaning_unescapes_twice_more_after_the_fix_text_stand_in() =>
        Assert.Equal("<b>", TokenizerTextCleaner.Clean("&amp;amp;lt;b&amp;amp;gt;"));

    [Fact]
    public void Cleaning_composes_to_nfc() =>
        Assert.Equal("caf\u00e9", TokenizerTextCleaner.Clean("cafe\u0301"));
}
