using Pytti.Models.Clip;

namespace Pytti.Models.Tests;

/// <summary>Every case of the reference file, exactly: cleaning, raw BPE ids, the 77-id rows, decoding.</summary>
public sealed class TokenizerReferenceTests
{
    [Fact]
    public void The_fixture_has_all_44_cases() => Assert.Equal(44, TokenizerCases.All.Count);

    [Theory]
    [MemberData(nameof(TokenizerCases.Indices), MemberType = typeof(TokenizerCases))]
    public void Cleaning_matches(int index)
    {
        var c = TokenizerCases.All[index];
        Assert.Equal(c.Cleaned, TokenizerTextCleaner.Clean(c.Text));
    }

    [Theory]
    [MemberData(nameof(TokenizerCases.Indices), MemberType = typeof(TokenizerCases))]
    public void Bpe_ids_match(int index)
    {
        var c = TokenizerCases.All[index];
        Assert.Equal(c.BpeIds, TokenizerCases.Tokenizer.Encode(c.Text));
    }

    [Theory]
    [MemberData(nameof(TokenizerCases.Indices), MemberType = typeof(TokenizerCases))]
    public void Tokenize_with_truncation_matches(int index)
    {
        var c = TokenizerCases.All[index];
        Assert.Equal(c.TokenizeTruncate, TokenizerCases.Tokenizer.Tokenize(c.Text, truncate: true));
    }

    [Theory]
    [MemberData(nameof(TokenizerCases.Indices), MemberType = typeof(TokenizerCases))]
    public void Decoding_matches(int index)
    {
        var c = TokenizerCases.All[index];
        Assert.Equal(c.Decoded, TokenizerCases.Tokenizer.Decode(c.BpeIds));
    }

    [Theory]
    [MemberData(nameof(TokenizerCases.Indices), MemberType = typeof(TokenizerCases))]
    public void Tokenize_without_truncation_matches_or_refuses(int index)
    {
        var c = TokenizerCases.All[index];
        if (c.Truncated)
            Assert.Throws<TokenizerTextTooLongException>(() => TokenizerCases.Tokenizer.Tokenize(c.Text));
        else
            Assert.Equal(c.TokenizeTruncate, TokenizerCases.Tokenizer.Tokenize(c.Text));
    }
}
