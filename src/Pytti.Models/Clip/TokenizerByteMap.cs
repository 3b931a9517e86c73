namespace Pytti.Models.Clip;

/// <summary>
/// CLIP's (and GPT-2's) <c>bytes_to_unicode</c>: every byte maps to a printable character so that
/// BPE works on text. Printable Latin-1 bytes map to themselves, the 68 others to U+0100 onward.
/// </summary>
internal sealed class TokenizerByteMap
{
    public static TokenizerByteMap Instance { get; } = new();

    /// <summary>The characters in the order of the vocabulary's first 256 entries.</summary>
    public IReadOnlyList<char> VocabularyOrder { get; }

    private readonly char[] _byteToChar = new char[256];
    private readonly Dictionary<char, byte> _charToByte = [];

    private TokenizerByteMap()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1)
            .Concat(Enumerable.Range('¡', '¬' - '¡' + 1))
            .Concat(Enumerable.Range('®', 'ÿ' - '®' + 1))
            .ToHashSet();
        var order = new List<char>(256);
        foreach (var b in printable) Add((byte)b, (char)b, order);
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            if (!printable.Contains(b)) Add((byte)b, (char)next++, order);
        }
        VocabularyOrder = order;
    }

    private void Add(byte value, char symbol, List<char> order)
    {
        _byteToChar[value] = symbol;
        _charToByte[symbol] = value;
        order.Add(symbol);
    }

    public string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) chars[i] = _byteToChar[bytes[i]];
        return new string(chars);
    }

    /// <summary>The bytes behind mapped characters; a character outside the map (never produced by the vocabulary) is skipped.</summary>
    public byte[] Decode(string symbols) =>
        symbols.Where(_charToByte.ContainsKey).Select(c => _charToByte[c]).ToArray();
}
