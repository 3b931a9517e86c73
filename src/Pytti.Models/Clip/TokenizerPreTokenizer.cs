using System.Globalization;
using System.Text;

namespace Pytti.Models.Clip;

/// <summary>
/// Splits cleaned text like CLIP's <c>re.findall</c> with the pattern
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>
/// (case-insensitive). Written over code points rather than with .NET's <c>Regex</c>, whose
/// <c>\p{L}</c> sees UTF-16 units and would not treat a supplementary-plane letter as a letter.
/// </summary>
internal static class TokenizerPreTokenizer
{
    private static readonly string[] Specials = [ClipTokenizer.StartOfText, ClipTokenizer.EndOfText];
    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    public static IEnumerable<string> Split(string text)
    {
        var position = 0;
        while (position < text.Length)
        {
            var length = MatchAt(text, position);
            if (length > 0) yield return text.Substring(position, length);
            position += Math.Max(length, RuneLength(text, position));
        }
    }

    /// <summary>Length in UTF-16 units of the first alternative matching at <paramref name="start"/>; 0 if none (whitespace).</summary>
    private static int MatchAt(string text, int start)
    {
        foreach (var literal in Specials.Concat(Contractions))
        {
            if (MatchesLiteral(text, start, literal)) return literal.Length;
        }
        var kind = KindAt(text, start);
        return kind switch
        {
            RuneKind.Letter => RunLength(text, start, RuneKind.Letter),
            RuneKind.Number => RuneLength(text, start),
            RuneKind.Other => RunLength(text, start, RuneKind.Other),
            _ => 0,
        };
    }

    private static int RunLength(string text, int start, RuneKind kind)
    {
        var end = start;
        while (end < text.Length && KindAt(text, end) == kind) end += RuneLength(text, end);
        return end - start;
    }

    private static bool MatchesLiteral(string text, int start, string literal)
    {
        if (start + literal.Length > text.Length) return false;
        for (var i = 0; i < literal.Length; i++)
        {
            if (!SameIgnoringCase(text[start + i], literal[i])) return false;
        }
        return true;
    }

    /// <summary>Simple case folding as the <c>regex</c> module's IGNORECASE does (ſ folds to s).</summary>
    private static bool SameIgnoringCase(char actual, char expected) =>
        char.ToLowerInvariant(actual) == expected || (expected == 's' && actual == '\u017F');

    private enum RuneKind { Space, Letter, Number, Other }

    private static RuneKind KindAt(string text, int index)
    {
        Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _); // a lone surrogate reads as U+FFFD
        if (TokenizerPythonText.IsSpace(rune)) return RuneKind.Space;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => RuneKind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => RuneKind.Number,
            _ => RuneKind.Other,
        };
    }

    private static int RuneLength(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
}
