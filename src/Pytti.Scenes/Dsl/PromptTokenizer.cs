namespace Pytti.Scenes.Dsl;

/// <summary>
/// PyTTI's <c>parse_prompt</c> splitting (reference 2.2), verbatim: colons outside brackets split
/// <c>text:weight_field:stop</c> (at most two splits), underscores outside brackets split
/// <c>weight_mask_cutoff</c> (at most two splits), missing trailing fields take defaults, and empty
/// fields stay empty. Text and mask are stripped; weight, cutoff and stop are not.
/// </summary>
public static class PromptTokenizer
{
    public static PromptTokens Tokenize(string prompt)
    {
        var colon = Splitter.Split(prompt, ':', 2, Splitter.OutsideBrackets, out var extraColon);
        var text = Stripped(colon[0].Value, colon[0].Offset);
        var weightField = colon.Count > 1 ? new Field(colon[1].Value, colon[1].Offset) : Field.Default("1");
        var stop = colon.Count > 2 ? new Field(colon[2].Value, colon[2].Offset) : Field.Default("-inf");
        var (weight, mask, cutoff) = SplitWeightField(weightField);
        return new PromptTokens(text, weightField, weight, mask, cutoff, stop, extraColon);
    }

    /// <summary>Step B: <c>weight[_mask[_cutoff]]</c>, offsets kept relative to the whole prompt.</summary>
    public static (Field Weight, Field Mask, Field Cutoff) SplitWeightField(Field field)
    {
        if (field.IsDefault)
            return (field, Field.Default("a"), Field.Default(Prompt.DefaultCutoff));
        var parts = Splitter.Split(field.Value, '_', 2, Splitter.OutsideBrackets, out _);
        var weight = new Field(parts[0].Value, field.Offset + parts[0].Offset);
        var mask = parts.Count > 1 ? Stripped(parts[1].Value, field.Offset + parts[1].Offset) : Field.Default("a");
        var cutoff = parts.Count > 2 ? new Field(parts[2].Value, field.Offset + parts[2].Offset) : Field.Default(Prompt.DefaultCutoff);
        return (weight, mask, cutoff);
    }

    private static Field Stripped(string value, int offset)
    {
        var trimmedStart = value.Length - value.TrimStart().Length;
        return new Field(value.Trim(), offset + trimmedStart);
    }
}
