using System.Security.Cryptography;
using Pytti.Models.Clip;
using Pytti.Models.Store;

namespace Pytti.Models.Tests;

/// <summary>The tokenizer's contract beyond the reference file: vocabulary layout, limits, errors.</summary>
public sealed class TokenizerBehaviourTests
{
    private static ClipTokenizer Tokenizer => TokenizerCases.Tokenizer;

    [Fact]
    public void Vocabulary_has_clip_layout()
    {
        Assert.Equal(49408, Tokenizer.VocabularySize);
        Assert.Equal(49406, Tokenizer.StartOfTextId);
        Assert.Equal(49407, Tokenizer.EndOfTextId);
    }

    [Fact]
    public void Too_long_text_is_refused_with_a_clear_error()
    {
        var text = string.Join(' ', Enumerable.Repeat("cat", 76));
        var error = Assert.Throws<TokenizerTextTooLongException>(() => Tokenizer.Tokenize(text));
        Assert.Equal(ModelErrorCodes.PromptTooLong, error.Code);
        Assert.Equal(78, error.TokenCount);
        Assert.Contains("77", error.Message);
    }

    [Fact]
    public void Exactly_75_tokens_fit_without_truncation()
    {
        var row = Tokenizer.Tokenize(string.Join(' ', Enumerable.Repeat("cat", 75)));
        Assert.Equal(Tokenizer.EndOfTextId, row[^1]);
    }

    [Fact]
    public void Truncation_keeps_the_end_marker_last()
    {
        var row = Tokenizer.Tokenize(string.Join(' ', Enumerable.Repeat("cat", 200)), contextLength: 10, truncate: true);
        Assert.Equal(10, row.Length);
        Assert.Equal(Tokenizer.StartOfTextId, row[0]);
        Assert.Equal(Tokenizer.EndOfTextId, row[9]);
    }

    [Theory]
    [InlineData("a photo of a cat")]
    [InlineData("ünïcödé straße 日本語")]
    [InlineData("emoji 🙂 test")]
    public void Decode_inverts_encode_up_to_word_spacing(string text) =>
        Assert.Equal(text + " ", Tokenizer.Decode(Tokenizer.Encode(text)));

    [Fact]
    public void Special_markers_in_text_become_their_ids()
    {
        var ids = Tokenizer.Encode("<|startoftext|>hello<|endoftext|>");
        Assert.Equal(Tokenizer.StartOfTextId, ids[0]);
        Assert.Equal(Tokenizer.EndOfTextId, ids[^1]);
    }

    [Fact]
    public void Invalid_id_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([49408]));

    [Fact]
    public void Missing_vocabulary_file_names_the_path() =>
        Assert.Contains("nope.txt.gz", Assert.Throws<FileNotFoundException>(() => ClipTokenizer.Load("/nonexistent/nope.txt.gz")).Message);

    [Fact]
    public void The_shipped_vocabulary_is_the_fixture_byte_for_byte_and_tokenizes_alike()
    {
        using var shipped = ShippedVocabulary.Open();
        Assert.Equal(FileDigest.Sha256(TokenizerCases.VocabularyPath), Convert.ToHexStringLower(SHA256.HashData(shipped)));
        Assert.Equal(OpenAiClipModels.BpeVocabulary.Sha256, FileDigest.Sha256(TokenizerCases.VocabularyPath));
        Assert.Equal(Tokenizer.Encode("a photo of a cat"), ClipTokenizer.Shipped.Encode("a photo of a cat"));
        Assert.Same(ClipTokenizer.Shipped, ClipTokenizer.Shipped);
    }

    [Fact]
    public void Encoding_is_thread_safe()
    {
        var expected = Tokenizer.Encode("trending on artstation, highly detailed");
        Parallel.For(0, 64, _ => Assert.Equal(expected, Tokenizer.Encode("trending on artstation, highly detailed")));
    }
}
