namespace Pytti.Scenes.Dsl;

/// <summary>
/// The raw fields of a CLIP prompt after PyTTI's splitting (reference 2.2), before validation:
/// offsets are positions inside the prompt text, or -1 for a default that was filled in.
/// </summary>
public sealed record PromptTokens(Field Text, Field WeightField, Field Weight, Field Mask, Field Cutoff, Field Stop, int ExtraColon)
{
    public override string ToString() => $"{Text.Value}|{Weight.Value}|{Mask.Value}|{Cutoff.Value}|{Stop.Value}";
}

/// <summary>A field's text and where it starts in the prompt (-1 when it is the default).</summary>
public readonly record struct Field(string Value, int Offset)
{
    public bool IsDefault => Offset < 0;

    public static Field Default(string value) => new(value, -1);
}
