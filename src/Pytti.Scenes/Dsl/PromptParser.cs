using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Dsl;

/// <summary>
/// Turns one prompt (already stripped, non-empty) into a <see cref="Prompt"/>, reporting at load
/// time what PyTTI would only crash on later: empty text, weight or mask, a third colon, empty
/// brackets, video image prompts and unbracketed drive paths.
/// </summary>
public static class PromptParser
{
    public static Prompt? Parse(LocatedText prompt, DslContext context)
    {
        var tokens = PromptTokenizer.Tokenize(prompt.Text);
        var before = context.Diagnostics.Items.Count;
        var (kind, target) = ParseTarget(prompt, tokens.Text, context);
        var (weight, mask, cutoff, stop) = ParseFields(prompt, tokens, context);
        if (context.Diagnostics.Items.Count > before)
            return null;
        return new Prompt(kind, target, weight!, stop!, mask!, cutoff!, prompt.Location);
    }

    /// <summary>
    /// <c>semantic_init_weight</c> / <c>semantic_stabilization_weight</c>: PyTTI builds the prompt
    /// <c>"name [image]:" + weight</c>, so the weight follows grammar 2.2 (mask cutoff is not kept).
    /// Null when off (<c>''</c>, <c>'0'</c>) or invalid.
    /// </summary>
    public static LossWeight? ParseSemanticWeight(LocatedText value, DslContext context)
    {
        if (DirectPromptParser.IsOff(value.Text))
            return null;
        var prompt = LocatedText.Concat(LocatedText.Unlocated("image:"), value);
        var before = context.Diagnostics.Items.Count;
        var (weight, mask, _, stop) = ParseFields(prompt, PromptTokenizer.Tokenize(prompt.Text), context);
        return context.Diagnostics.Items.Count > before ? null : new LossWeight(weight!, mask!, stop!, value.Location);
    }

    private static (CompiledExpression? Weight, PromptMask? Mask, CompiledExpression? Cutoff, CompiledExpression? Stop) ParseFields(LocatedText prompt, PromptTokens tokens, DslContext context)
    {
        if (IsDrivePath(tokens))
        {
            context.Error(ErrorCodes.DrivePathInTextPrompt, $"'{tokens.Text.Value}:{tokens.Weight.Value}' splits at the drive colon; write an image prompt as [{tokens.Text.Value}:{tokens.Weight.Value}]", prompt, tokens.Text.Offset);
            return (null, null, null, null);
        }
        CheckShape(prompt, tokens, context);
        var (weight, mask, cutoff) = ParseWeightField(prompt, tokens, context);
        var stop = tokens.ExtraColon < 0 && CheckNotEmpty(prompt, tokens.Stop, ErrorCodes.EmptyWeight, "empty stop after ':'", context)
            ? context.Compile(prompt, tokens.Stop, "stop")
            : null;
        return (weight, mask, cutoff, stop);
    }

    /// <summary>Weight, mask and cutoff; takes <c>fLo_prev</c> whole when it names a known variable.</summary>
    internal static (CompiledExpression? Weight, PromptMask? Mask, CompiledExpression? Cutoff) ParseWeightField(LocatedText prompt, PromptTokens tokens, DslContext context)
    {
        if (!tokens.Mask.IsDefault && WholeWeight(prompt, tokens.WeightField, context) is { } whole)
            return (whole, PromptMask.None, CompiledExpression.Compile(Prompt.DefaultCutoff));
        var weight = CheckNotEmpty(prompt, tokens.Weight, ErrorCodes.EmptyWeight, "empty weight after ':'", context)
            ? context.Compile(prompt, tokens.Weight, "weight")
            : null;
        var mask = CheckNotEmpty(prompt, tokens.Mask, ErrorCodes.EmptyMask, "empty mask after '_'; remove the '_' or name a mask", context)
            ? ParseMask(prompt, tokens.Mask, context)
            : null;
        var cutoff = CheckNotEmpty(prompt, tokens.Cutoff, ErrorCodes.EmptyMask, "empty mask cutoff after '_'", context)
            ? context.Compile(prompt, tokens.Cutoff, "mask cutoff")
            : null;
        return (weight, mask, cutoff);
    }

    private static CompiledExpression? WholeWeight(LocatedText prompt, Field weightField, DslContext context)
    {
        var whole = CompiledExpression.TryCompile(weightField.Value, context.Scope, out _, prompt.LocationAt(weightField.Offset));
        return whole is not null && whole.Variables.Any(v => v.Contains('_')) ? whole : null;
    }

    private static void CheckShape(LocatedText prompt, PromptTokens tokens, DslContext context)
    {
        if (tokens.ExtraColon >= 0)
            context.Error(ErrorCodes.TooManyColons, "a prompt has at most two ':' separators (text:weight:stop); put ':' in text inside [brackets]", prompt, tokens.ExtraColon);
        if (tokens.Text.Value.Length == 0)
            context.Error(ErrorCodes.EmptyPromptText, "the prompt has no text before ':'", prompt, 0);
    }

    private static bool IsDrivePath(PromptTokens tokens) =>
        tokens.Text.Value.Length == 1 && char.IsAsciiLetter(tokens.Text.Value[0]) && tokens.Weight.Value.TrimStart() is ['/' or '\\', ..];

    internal static bool CheckNotEmpty(LocatedText prompt, Field field, string code, string message, DslContext context)
    {
        if (field.IsDefault || field.Value.Trim().Length > 0)
            return true;
        context.Error(code, message, prompt, field.Offset);
        return false;
    }

    private static (PromptKind, string) ParseTarget(LocatedText prompt, Field text, DslContext context)
    {
        if (IsUnclosed(text.Value))
            context.Error(ErrorCodes.UnclosedBracket, $"'{text.Value}' opens '[' but never closes it; an image prompt is [path]", prompt, text.Offset);
        if (!IsBracketed(text.Value))
            return (PromptKind.Text, text.Value);
        var path = text.Value[1..^1].Trim();
        var at = prompt.LocationAt(text.Offset + 1);
        if (path.Length == 0)
            context.Error(ErrorCodes.EmptyImagePath, "empty image prompt '[]'; write [path/to/image.png]", prompt, text.Offset);
        else if (PathResolver.IsVideo(path))
            context.Error(ErrorCodes.VideoImagePrompt, $"'{path}' is a video; videos work as masks (prompt:1_[{path}]) but not as image prompts", prompt, text.Offset + 1);
        return (PromptKind.Image, context.ResolvePath(path, at));
    }

    private static PromptMask? ParseMask(LocatedText prompt, Field mask, DslContext context)
    {
        if (mask.IsDefault)
            return PromptMask.None;
        if (PromptMask.Letters.TryGetValue(mask.Value, out var letter))
            return new PromptMask(letter);
        if (IsUnclosed(mask.Value))
        {
            context.Error(ErrorCodes.UnclosedBracket, $"mask '{mask.Value}' opens '[' but never closes it; an image mask is _[mask.png]", prompt, mask.Offset);
            return null;
        }
        if (!IsBracketed(mask.Value))
            return new PromptMask(MaskKind.Semantic, mask.Value);
        var inner = mask.Value[1..^1].Trim();
        var inverted = inner.StartsWith('-');
        var path = (inverted ? inner[1..] : inner).Trim();
        if (path.Length == 0)
        {
            context.Error(ErrorCodes.EmptyImagePath, "empty mask '[]'; write _[mask.png] or _[-mask.png]", prompt, mask.Offset);
            return null;
        }
        var resolved = context.ResolvePath(path, prompt.LocationAt(mask.Offset + 1));
        return new PromptMask(PathResolver.IsVideo(path) ? MaskKind.Video : MaskKind.Image, resolved, inverted);
    }

    /// <summary>Starts with <c>[</c> and has no <c>]</c> at all; <c>[sic] a cat</c> stays a text prompt as in PyTTI.</summary>
    private static bool IsUnclosed(string text) => text.StartsWith('[') && !text.Contains(']');

    private static bool IsBracketed(string text) => text.Length >= 2 && text[0] == '[' && text[^1] == ']';
}
