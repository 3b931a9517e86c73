namespace Pytti.Scenes.Hydra;

/// <summary>A piece of a scalar: literal text, or the inside of one <c>${...}</c> starting at <c>Offset</c> (the <c>$</c>).</summary>
internal sealed record InterpolationPart(string Text, bool IsReference, int Offset);

/// <summary>Splits text at OmegaConf's <c>${...}</c> (braces may nest); <c>\${</c> stays literal.</summary>
internal static class InterpolationText
{
    public static IReadOnlyList<InterpolationPart> Split(string text)
    {
        var parts = new List<InterpolationPart>();
        var literal = new System.Text.StringBuilder();
        var literalStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                literal.Append("${");
                i += 2;
                continue;
            }
            var end = text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{' ? Close(text, i + 2) : -1;
            if (end < 0)
            {
                literal.Append(text[i]);
                continue;
            }
            if (literal.Length > 0)
                parts.Add(new InterpolationPart(literal.ToString(), false, literalStart));
            literal.Clear();
            parts.Add(new InterpolationPart(text[(i + 2)..end], true, i));
            i = end;
            literalStart = end + 1;
        }
        if (literal.Length > 0)
            parts.Add(new InterpolationPart(literal.ToString(), false, literalStart));
        return parts;
    }

    /// <summary>The index of the <c>}</c> closing a reference whose inside starts at <paramref name="start"/>, or -1.</summary>
    private static int Close(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && depth-- == 0) return i;
        }
        return -1;
    }
}
