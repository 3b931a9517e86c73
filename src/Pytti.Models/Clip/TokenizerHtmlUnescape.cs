using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pytti.Models.Clip;

/// <summary>
/// Python's <c>html.unescape</c>: numeric references (<c>&amp;#39;</c>, <c>&amp;#x27;</c>, the ';'
/// optional), HTML5 named references, including the legacy ones valid without ';' (<c>&amp;amp</c>),
/// and the longest-prefix rule for unknown names (<c>&amp;ampx</c> → <c>&amp;x</c>).
/// <see cref="System.Net.WebUtility.HtmlDecode(string)"/> differs on most of these.
/// </summary>
internal static partial class TokenizerHtmlUnescape
{
    [GeneratedRegex(@"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)", RegexOptions.CultureInvariant)]
    private static partial Regex CharRef();

    public static string Unescape(string text) =>
        text.Contains('&') ? CharRef().Replace(text, m => Replace(m.Groups[1].Value)) : text;

    private static string Replace(string reference) =>
        reference[0] == '#' ? Numeric(reference) : Named(reference);

    private static string Numeric(string reference)
    {
        var hex = reference[1] is 'x' or 'X';
        var digits = reference[(hex ? 2 : 1)..].TrimEnd(';');
        var code = ParseCodePoint(digits, hex);
        if (InvalidCharRefs.TryGetValue(code, out var replacement)) return replacement;
        if (code is >= 0xD800 and <= 0xDFFF || code > 0x10FFFF) return "\uFFFD";
        if (IsInvalidCodePoint(code)) return "";
        return char.ConvertFromUtf32(code);
    }

    /// <summary>The code point, or <see cref="int.MaxValue"/> for a number beyond any code point.</summary>
    private static int ParseCodePoint(string digits, bool hex)
    {
        var style = hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        return ulong.TryParse(digits, style, CultureInfo.InvariantCulture, out var value) && value <= 0x10FFFF
            ? (int)value
            : int.MaxValue;
    }

    private static string Named(string reference)
    {
        var entities = TokenizerHtmlEntities.ByName;
        if (entities.TryGetValue(reference, out var text)) return text;
        for (var length = reference.Length - 1; length > 1; length--)
        {
            if (entities.TryGetValue(reference[..length], out var prefix))
                return prefix + reference[length..];
        }
        return "&" + reference;
    }

    private static bool IsInvalidCodePoint(int code) =>
        code is >= 0x1 and <= 0x8 or 0xB or >= 0xE and <= 0x1F or >= 0x7F and <= 0x9F or >= 0xFDD0 and <= 0xFDEF
        || (code & 0xFFFE) == 0xFFFE;

    /// <summary>Python's <c>html._invalid_charrefs</c>: NUL, CR and the Windows-1252 remapping of 0x80–0x9F.</summary>
    private static readonly Dictionary<int, string> InvalidCharRefs = BuildInvalidCharRefs();

    private static Dictionary<int, string> BuildInvalidCharRefs()
    {
        const string windows1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
        var map = new Dictionary<int, string> { [0x00] = "\uFFFD", [0x0D] = "\r" };
        for (var i = 0; i < windows1252.Length; i++)
            map[0x80 + i] = windows1252[i].ToString();
        return map;
    }
}
