using System.IO.Compression;
using System.Text;

namespace Pytti.Models.Clip;

/// <summary>
/// The BPE merges and the 49 408-entry vocabulary built from <c>bpe_simple_vocab_16e6.txt.gz</c>
/// exactly as CLIP's <c>SimpleTokenizer.__init__</c> does: 256 byte symbols, the same with
/// <c>&lt;/w&gt;</c>, one entry per merge (lines 1..48 894 after the header), then the two specials.
/// </summary>
internal sealed class TokenizerVocabulary
{
    public const int MergeCount = 49152 - 256 - 2;

    public IReadOnlyDictionary<(string First, string Second), int> MergeRanks { get; }
    public IReadOnlyDictionary<string, int> Encoder { get; }
    public IReadOnlyList<string> Decoder { get; }

    private TokenizerVocabulary(IReadOnlyList<(string, string)> merges)
    {
        var ranks = new Dictionary<(string, string), int>(merges.Count);
        for (var i = 0; i < merges.Count; i++) ranks[merges[i]] = i; // a repeated merge keeps its last rank, as dict(zip(...)) does
        MergeRanks = ranks;

        var bytes = TokenizerByteMap.Instance.VocabularyOrder.Select(c => c.ToString()).ToList();
        var vocabulary = bytes.Concat(bytes.Select(b => b + ClipTokenizer.EndOfWord))
            .Concat(merges.Select(m => m.Item1 + m.Item2))
            .Append(ClipTokenizer.StartOfText).Append(ClipTokenizer.EndOfText)
            .ToList();
        var encoder = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Count; i++) encoder[vocabulary[i]] = i; // later duplicates win, as in dict(zip(...))
        Encoder = encoder;
        Decoder = vocabulary;
    }

    public static TokenizerVocabulary Load(string bpeGzPath)
    {
        if (!File.Exists(bpeGzPath))
            throw new FileNotFoundException($"CLIP BPE vocabulary '{bpeGzPath}' does not exist.", bpeGzPath);
        using var file = File.OpenRead(bpeGzPath);
        return Load(file);
    }

    /// <summary>Reads the gzip-compressed merges from <paramref name="bpeGz"/> (left open).</summary>
    public static TokenizerVocabulary Load(Stream bpeGz)
    {
        using var gzip = new GZipStream(bpeGz, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(gzip, new UTF8Encoding(false, true));
        var lines = reader.ReadToEnd().Split('\n');
        var merges = lines.Skip(1).Take(MergeCount).Select(ParseMerge).ToList();
        return new TokenizerVocabulary(merges);
    }

    private static (string, string) ParseMerge(string line)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2) throw new InvalidDataException($"Malformed BPE merge line '{line}'.");
        return (parts[0], parts[1]);
    }
}
