using System.Text;

namespace Pytti.Models.Clip;

/// <summary>
/// CLIP's <c>whitespace_clean(basic_clean(text)).lower()</c>. <c>ftfy.fix_text</c> is taken as
/// HTML unescape + NFC (the reference fixtures were generated with that stand-in), then
/// <c>html.unescape</c> twice, strip, whitespace runs folded to one space, Python's lower-casing.
/// </summary>
internal static class TokenizerTextCleaner
{
    public static string Clean(string text)
    {
        var fixedText = TokenizerHtmlUnescape.Unescape(text).Normalize(NormalizationForm.FormC);
        var unescaped = TokenizerHtmlUnescape.Unescape(TokenizerHtmlUnescape.Unescape(fixedText));
        return TokenizerPythonText.Lower(TokenizerPythonText.FoldWhitespace(unescaped));
    }
}
