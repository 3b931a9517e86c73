using System.Text;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Yaml;

/// <summary>
/// A string whose every character remembers where it came from, so that text glued together
/// (prefix + scene + suffix) and cut apart (prompts, weights) still reports errors at the right column.
/// </summary>
public sealed class LocatedText
{
    private readonly IReadOnlyList<Piece> _pieces;

    private LocatedText(string text, IReadOnlyList<Piece> pieces)
    {
        Text = text;
        _pieces = pieces;
    }

    /// <summary>A contiguous run of characters taken from one scalar, starting at <c>Offset</c> inside it.</summary>
    private sealed record Piece(int Start, int Length, YamlScalar Origin, int Offset);

    public string Text { get; }

    public int Length => Text.Length;

    public static LocatedText From(YamlScalar scalar) => new(scalar.Text, [new Piece(0, scalar.Text.Length, scalar, 0)]);

    /// <summary>Text not written in any file (used by tests and synthetic prompts).</summary>
    public static LocatedText Unlocated(string text) => From(new YamlScalar(text, YamlDotNet.Core.ScalarStyle.Plain, SourceLocation.None));

    public static LocatedText Concat(params LocatedText[] parts)
    {
        var builder = new StringBuilder();
        var pieces = new List<Piece>();
        foreach (var part in parts)
        {
            foreach (var piece in part._pieces)
                pieces.Add(piece with { Start = piece.Start + builder.Length });
            builder.Append(part.Text);
        }
        return new LocatedText(builder.ToString(), pieces);
    }

    public LocatedText Slice(int start, int length)
    {
        var end = start + length;
        var pieces = new List<Piece>();
        foreach (var piece in _pieces)
        {
            var from = Math.Max(start, piece.Start);
            var to = Math.Min(end, piece.Start + piece.Length);
            if (from < to)
                pieces.Add(new Piece(from - start, to - from, piece.Origin, piece.Offset + from - piece.Start));
        }
        if (pieces.Count == 0 && _pieces.Count > 0)
            pieces.Add(EmptyPieceAt(start));
        return new LocatedText(Text.Substring(start, length), pieces);
    }

    /// <summary>A zero-length piece that still knows where offset <paramref name="start"/> was written.</summary>
    private Piece EmptyPieceAt(int start)
    {
        var piece = _pieces.FirstOrDefault(p => start < p.Start + p.Length) ?? _pieces[^1];
        return new Piece(0, 0, piece.Origin, piece.Offset + start - piece.Start);
    }

    public LocatedText Slice(int start) => Slice(start, Text.Length - start);

    /// <summary>Without surrounding whitespace (Python's <c>str.strip()</c>).</summary>
    public LocatedText Trim()
    {
        var start = 0;
        var end = Text.Length;
        while (start < end && char.IsWhiteSpace(Text[start])) start++;
        while (end > start && char.IsWhiteSpace(Text[end - 1])) end--;
        return Slice(start, end - start);
    }

    /// <summary>Where character <paramref name="offset"/> was written (the end of the text is allowed).</summary>
    public SourceLocation LocationAt(int offset)
    {
        if (_pieces.Count == 0)
            return SourceLocation.None;
        foreach (var piece in _pieces)
        {
            if (offset < piece.Start + piece.Length)
                return piece.Origin.LocationAt(piece.Offset + Math.Max(0, offset - piece.Start));
        }
        var last = _pieces[^1];
        return last.Origin.LocationAt(last.Offset + last.Length + (offset - last.Start - last.Length));
    }

    public SourceLocation Location => LocationAt(0);

    public override string ToString() => Text;
}
