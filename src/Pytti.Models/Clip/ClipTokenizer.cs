using System.Text;

namespace Pytti.Models.Clip;

/// <summary>
/// OpenAI CLIP's byte-level BPE tokenizer (<c>simple_tokenizer.py</c> and <c>clip.tokenize</c>):
/// text cleaning, pre-tokenisation, byte-to-symbol mapping, BPE merges, vocabulary ids.
/// Thread-safe; BPE results are cached per pre-token.
/// </summary>
public sealed class ClipTokenizer
{
    public const string StartOfText = "<|startoftext|>";
    public const string EndOfText = "<|endoftext|>";
    public const string EndOfWord = "</w>";
    public const int DefaultContextLength = 77;

    private static readonly UTF8Encoding Utf8Lenient = new(false, false);

    private readonly TokenizerVocabulary _vocabulary;
    private readonly TokenizerBpe _bpe;

    private ClipTokenizer(TokenizerVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        _bpe = new TokenizerBpe(vocabulary.MergeRanks);
    }

    /// <summary>Reads <c>bpe_simple_vocab_16e6.txt.gz</c>.</summary>
    public static ClipTokenizer Load(string bpeGzPath) => new(TokenizerVocabulary.Load(bpeGzPath));

    private static readonly Lazy<ClipTokenizer> _shipped = new(() => new(TokenizerVocabulary.Load(ShippedVocabulary.Open())));

    /// <summary>
    /// The tokenizer over the vocabulary that ships inside this assembly (verified against its recorded
    /// SHA-256 on first use): no network and no model store needed. Built once, shared (thread-safe).
    /// </summary>
    public static ClipTokenizer Shipped => _shipped.Value;

    public int VocabularySize => _vocabulary.Decoder.Count;
    public int StartOfTextId => _vocabulary.Encoder[StartOfText];
    public int EndOfTextId => _vocabulary.Encoder[EndOfText];

    /// <summary>The raw BPE ids of <paramref name="text"/> (<c>SimpleTokenizer.encode</c>): no start/end markers.</summary>
    public int[] Encode(string text)
    {
        var ids = new List<int>();
        foreach (var piece in TokenizerPreTokenizer.Split(TokenizerTextCleaner.Clean(text)))
        {
            var symbols = TokenizerByteMap.Instance.Encode(Utf8Lenient.GetBytes(piece));
            ids.AddRange(_bpe.Apply(symbols).Select(symbol => _vocabulary.Encoder[symbol]));
        }
        return [.. ids];
    }

    /// <summary><c>SimpleTokenizer.decode</c>: symbols to bytes to UTF-8 (invalid bytes become U+FFFD), <c>&lt;/w&gt;</c> to a space.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var symbols = string.Concat(ids.Select(DecodeOne));
        var text = Utf8Lenient.GetString(TokenizerByteMap.Instance.Decode(symbols));
        return text.Replace(EndOfWord, " ", StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>clip.tokenize(text, contextLength, truncate)[0]</c>: start marker, BPE ids, end marker, zero padding.
    /// Too long: with <paramref name="truncate"/> the first ids are kept and the last becomes the end
    /// marker; without, <see cref="TokenizerTextTooLongException"/>.
    /// </summary>
    public long[] Tokenize(string text, int contextLength = DefaultContextLength, bool truncate = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 2);
        var ids = Encode(text);
        var count = ids.Length + 2;
        if (count > contextLength && !truncate) throw new TokenizerTextTooLongException(text, count, contextLength);
        var row = new long[contextLength];
        row[0] = StartOfTextId;
        var kept = Math.Min(ids.Length, contextLength - 2);
        for (var i = 0; i < kept; i++) row[i + 1] = ids[i];
        row[kept + 1] = EndOfTextId;
        return row;
    }

    private string DecodeOne(int id) =>
        id >= 0 && id < _vocabulary.Decoder.Count
            ? _vocabulary.Decoder[id]
            : throw new ArgumentOutOfRangeException(nameof(id), id, $"Not a CLIP token id (0..{_vocabulary.Decoder.Count - 1}).");
}
