using System.Collections.Concurrent;

namespace Pytti.Models.Clip;

/// <summary>
/// Byte-pair merging of one pre-token (already mapped to byte symbols), as CLIP's
/// <c>SimpleTokenizer.bpe</c>: the last symbol carries <c>&lt;/w&gt;</c>; repeatedly merge every
/// occurrence of the lowest-ranked adjacent pair until no ranked pair remains. Results are cached.
/// </summary>
internal sealed class TokenizerBpe(IReadOnlyDictionary<(string First, string Second), int> ranks)
{
    private readonly ConcurrentDictionary<string, string[]> _cache = new(StringComparer.Ordinal)
    {
        [ClipTokenizer.StartOfText] = [ClipTokenizer.StartOfText],
        [ClipTokenizer.EndOfText] = [ClipTokenizer.EndOfText],
    };

    public IReadOnlyList<string> Apply(string token) => _cache.GetOrAdd(token, Merge);

    private string[] Merge(string token)
    {
        var word = token.Select(c => c.ToString()).ToList();
        word[^1] += ClipTokenizer.EndOfWord;
        while (word.Count > 1)
        {
            var best = LowestRankedPair(word);
            if (best is null) break;
            word = MergeAll(word, best.Value);
        }
        return [.. word];
    }

    private (string First, string Second)? LowestRankedPair(List<string> word)
    {
        (string, string)? best = null;
        var bestRank = int.MaxValue;
        for (var i = 0; i + 1 < word.Count; i++)
        {
            if (ranks.TryGetValue((word[i], word[i + 1]), out var rank) && rank < bestRank)
            {
                best = (word[i], word[i + 1]);
                bestRank = rank;
            }
        }
        return best;
    }

    private static List<string> MergeAll(List<string> word, (string First, string Second) pair)
    {
        var merged = new List<string>(word.Count);
        for (var i = 0; i < word.Count; i++)
        {
            if (i + 1 < word.Count && word[i] == pair.First && word[i + 1] == pair.Second)
            {
                merged.Add(pair.First + pair.Second);
                i++;
            }
            else merged.Add(word[i]);
        }
        return merged;
    }
}
