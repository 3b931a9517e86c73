using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Dsl;

/// <summary>
/// Parses <c>direct_image_prompts</c> and the direct init/stabilisation weights (grammar 2.6).
/// Masks are file paths; unlike PyTTI (issue #218) brackets around them are accepted and removed.
/// </summary>
public static class DirectPromptParser
{
    /// <summary><c>direct_image_prompts</c>: <c>|</c>-separated, empty entries dropped.</summary>
    public static IReadOnlyList<DirectPrompt> ParsePrompts(LocatedText text, DslContext context)
    {
        var result = new List<DirectPrompt>();
        var start = 0;
        foreach (var raw in text.Text.Split('|'))
        {
            var entry = text.Slice(start, raw.Length).Trim();
            start += raw.Length + 1;
            if (entry.Length > 0 && ParsePrompt(entry, context) is { } prompt)
                result.Add(prompt);
        }
        return result;
    }

    /// <summary>A direct/depth/edge/flow weight string; null when off (<c>''</c> or <c>'0'</c>) or invalid.</summary>
    public static LossWeight? ParseWeight(LocatedText text, DslContext context)
    {
        if (IsOff(text.Text))
            return null;
        var tokens = DirectTokenizer.Tokenize(text.Text, hasPath: false);
        var before = context.Diagnostics.Items.Count;
        var parts = ParseParts(text, tokens, context);
        return context.Diagnostics.Items.Count > before ? null : new LossWeight(parts.Weight!, parts.Mask!, parts.Stop!, text.Location);
    }

    /// <summary>PyTTI compares the raw setting with <c>''</c> and <c>'0'</c>; <c>'0.0'</c> counts as on.</summary>
    public static bool IsOff(string text) => text is "" or "0";

    private static DirectPrompt? ParsePrompt(LocatedText entry, DslContext context)
    {
        var tokens = DirectTokenizer.Tokenize(entry.Text, hasPath: true);
        var before = context.Diagnostics.Items.Count;
        if (tokens.Text.Value.Length == 0)
            context.Error(ErrorCodes.EmptyImagePath, "a direct image prompt needs an image path before ':'", entry, 0);
        var parts = ParseParts(entry, tokens, context);
        if (context.Diagnostics.Items.Count > before)
            return null;
        var path = context.ResolvePath(Unbracket(tokens.Text.Value), entry.LocationAt(tokens.Text.Offset));
        return new DirectPrompt(path, parts.Weight!, parts.Mask!, parts.Stop!, entry.Location);
    }

    private static (Expressions.CompiledExpression? Weight, PromptMask? Mask, Expressions.CompiledExpression? Stop) ParseParts(LocatedText text, PromptTokens tokens, DslContext context)
    {
        if (tokens.ExtraColon >= 0)
            context.Error(ErrorCodes.TooManyColons, "too many ':' separators; expected weight[_mask][:stop]", text, tokens.ExtraColon);
        var weight = PromptParser.CheckNotEmpty(text, tokens.Weight, ErrorCodes.EmptyWeight, "empty weight", context) ? context.Compile(text, tokens.Weight, "weight") : null;
        var stop = tokens.ExtraColon >= 0 ? null : PromptParser.CheckNotEmpty(text, tokens.Stop, ErrorCodes.EmptyWeight, "empty stop after ':'", context) ? context.Compile(text, tokens.Stop, "stop") : null;
        var mask = tokens.Mask.IsDefault ? PromptMask.None
            : PromptParser.CheckNotEmpty(text, tokens.Mask, ErrorCodes.EmptyMask, "empty mask after '_'; remove the '_' or give a mask file", context) ? FileMask(text, tokens.Mask, context)
            : null;
        return (weight, mask, stop);
    }

    private static PromptMask? FileMask(LocatedText text, Field mask, DslContext context)
    {
        var value = Unbracket(mask.Value);
        var inverted = value.StartsWith('-');
        var path = (inverted ? value[1..] : value).Trim();
        if (path.Length == 0)
        {
            context.Error(ErrorCodes.EmptyImagePath, "the mask has no file path", text, mask.Offset);
            return null;
        }
        var resolved = context.ResolvePath(path, text.LocationAt(mask.Offset));
        return new PromptMask(PathResolver.IsVideo(path) ? MaskKind.Video : MaskKind.Image, resolved, inverted);
    }

    private static string Unbracket(string value) =>
        value.Length >= 2 && value[0] == '[' && value[^1] == ']' ? value[1..^1].Trim() : value;
}
