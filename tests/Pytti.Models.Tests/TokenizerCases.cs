using System.Text.Json;
using Pytti.Models.Clip;
using Pytti.Testing;

namespace Pytti.Models.Tests;

/// <summary>The reference cases of <c>fixtures/clip/tokenizer_cases.json</c> and the tokenizer loaded from the fixture vocabulary.</summary>
internal static class TokenizerCases
{
    public sealed record Case(string Text, string Cleaned, int[] BpeIds, long[] TokenizeTruncate, bool Truncated, string Decoded);

    private static readonly Lazy<IReadOnlyList<Case>> _all = new(Read);
    private static readonly Lazy<ClipTokenizer> _tokenizer = new(() => ClipTokenizer.Load(VocabularyPath));

    public static IReadOnlyList<Case> All => _all.Value;
    public static ClipTokenizer Tokenizer => _tokenizer.Value;
    public static string VocabularyPath => SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz");

    public static TheoryData<int> Indices()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < All.Count; i++) data.Add(i);
        return data;
    }

    private static IReadOnlyList<Case> Read()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFixtures.Path("fixtures", "clip", "tokenizer_cases.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(ReadCase)];
    }

    private static Case ReadCase(JsonElement element) => new(
        element.GetProperty("text").GetString()!,
        element.GetProperty("cleaned").GetString()!,
        [.. element.GetProperty("bpe_ids").EnumerateArray().Select(e => e.GetInt32())],
        [.. element.GetProperty("tokenize_truncate").EnumerateArray().Select(e => e.GetInt64())],
        element.GetProperty("truncated").GetBoolean(),
        element.GetProperty("decoded").GetString()!);
}
