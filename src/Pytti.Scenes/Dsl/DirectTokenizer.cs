namespace Pytti.Scenes.Dsl;

/// <summary>
/// The second grammar (reference 2.6), used by <c>direct_image_prompts</c> entries
/// (<c>path:weight_mask:stop</c>) and by the init/stabilisation weights (<c>weight_mask:stop</c>).
/// The weight is split from the mask at the first <c>_</c> (no bracket protection; default mask none).
/// Colons split, except <c>scheme://</c> and a drive colon (<c>C:/</c>, <c>C:\</c>) at the start of a
/// path or mask: PyTTI splits <c>C:/x.png</c> at the drive colon, which no user means.
/// </summary>
public static class DirectTokenizer
{
    public static PromptTokens Tokenize(string text, bool hasPath)
    {
        var colon = Splitter.Split(text, ':', hasPath ? 2 : 1, IsSeparator, out var extra);
        var index = 0;
        var path = hasPath ? Stripped(colon[index++]) : Field.Default("");
        var weightField = colon.Count > index ? new Field(colon[index].Value, colon[index++].Offset) : Field.Default("1");
        var stop = colon.Count > index ? new Field(colon[index].Value, colon[index].Offset) : Field.Default("-inf");
        var (weight, mask) = SplitWeight(weightField);
        return new PromptTokens(path, weightField, weight, mask, Field.Default(""), stop, extra);
    }

    private static (Field Weight, Field Mask) SplitWeight(Field field)
    {
        var underscore = field.Value.IndexOf('_');
        if (field.IsDefault || underscore < 0)
            return (field, Field.Default(""));
        var weight = new Field(field.Value[..underscore], field.Offset);
        return (weight, Stripped((field.Value[(underscore + 1)..], field.Offset + underscore + 1)));
    }

    /// <summary>A colon separates unless it starts <c>://</c> or is a drive colon.</summary>
    public static bool IsSeparator(string text, int i)
    {
        var slash = i + 1 < text.Length && text[i + 1] is '/' or '\\';
        if (slash && i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/')
            return false;
        var driveLetter = i >= 1 && char.IsAsciiLetter(text[i - 1]) && (i == 1 || text[i - 2] is '_' or '-' or ' ' or '[');
        return !(slash && driveLetter);
    }

    private static Field Stripped((string Value, int Offset) piece)
    {
        var lead = piece.Value.Length - piece.Value.TrimStart().Length;
        return new Field(piece.Value.Trim(), piece.Offset + lead);
    }
}
