namespace Pytti.Scenes.Dsl;

/// <summary>
/// Python's <c>re.split(regex, s, maxsplit)</c> for the separators of the prompt grammars, with the
/// separator rule given as a predicate on (text, index). Returns the pieces with their offsets.
/// </summary>
internal static class Splitter
{
    public static List<(string Value, int Offset)> Split(string text, char separator, int maxSplit, Func<string, int, bool> isSeparator, out int extra)
    {
        var pieces = new List<(string, int)>();
        var start = 0;
        extra = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != separator || !isSeparator(text, i))
                continue;
            if (pieces.Count == maxSplit)
            {
                extra = i;
                break;
            }
            pieces.Add((text[start..i], start));
            start = i + 1;
        }
        pieces.Add((text[start..], start));
        return pieces;
    }

    /// <summary>PyTTI's <c>(?![^\[]*\])</c>: the separator is protected when a <c>]</c> follows before any <c>[</c>.</summary>
    public static bool OutsideBrackets(string text, int index)
    {
        for (var i = index + 1; i < text.Length; i++)
        {
            if (text[i] == '[') return true;
            if (text[i] == ']') return false;
        }
        return true;
    }
}
