using System.Globalization;
using System.Text;

namespace Pytti.Models.Clip;

/// <summary>
/// The few Python <c>str</c> semantics the CLIP text cleaning relies on, where .NET differs:
/// <c>isspace</c> (also U+001C–U+001F), and <c>lower</c> (full mapping of U+0130, final sigma).
/// </summary>
internal static class TokenizerPythonText
{
    public static bool IsSpace(Rune rune) =>
        Rune.IsWhiteSpace(rune) || rune.Value is >= 0x1C and <= 0x1F;

    /// <summary><c>re.sub(r'\s+', ' ', text).strip()</c> together with the preceding <c>strip()</c>.</summary>
    public static string FoldWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsSpace(rune)) { pendingSpace = builder.Length > 0; continue; }
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(rune);
        }
        return builder.ToString();
    }

    /// <summary>Python's <c>str.lower()</c>.</summary>
    public static string Lower(string text)
    {
        var runes = text.EnumerateRunes().ToArray();
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < runes.Length; i++)
        {
            switch (runes[i].Value)
            {
                case 0x130: builder.Append("i\u0307"); break;
                case 0x3A3: builder.Append(IsFinalSigma(runes, i) ? 'ς' : 'σ'); break;
                default: builder.Append(Rune.ToLowerInvariant(runes[i])); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>Unicode's Final_Sigma context: cased (case-ignorable)* Σ not followed by (case-ignorable)* cased.</summary>
    private static bool IsFinalSigma(Rune[] runes, int index)
    {
        var before = index - 1;
        while (before >= 0 && IsCaseIgnorable(runes[before])) before--;
        if (before < 0 || !IsCased(runes[before])) return false;
        var after = index + 1;
        while (after < runes.Length && IsCaseIgnorable(runes[after])) after++;
        return after == runes.Length || !IsCased(runes[after]);
    }

    private static bool IsCased(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter
        || Rune.ToLowerInvariant(rune) != rune || Rune.ToUpperInvariant(rune) != rune;

    private static bool IsCaseIgnorable(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol
        || WordBreakMidLetterOrQuote.Contains(rune.Value);

    /// <summary>Word_Break MidLetter, MidNumLet and Single_Quote: case-ignorable although punctuation.</summary>
    private static readonly HashSet<int> WordBreakMidLetterOrQuote =
    [
        0x27, 0x2E, 0x3A, 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027,
        0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A,
    ];
}
