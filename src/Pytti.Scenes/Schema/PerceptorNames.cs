using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Schema;

/// <summary>
/// Perceptor names: the config names (<c>ViTB32</c>) or OpenAI's (<c>ViT-B/32</c>, <c>ViT-L/14@336px</c>),
/// normalised to the config name; an OpenCLIP model by mmc's id (<c>ViT-B-32--laion2b_s34b_b79k</c>); or a checkpoint path (resolved).
/// </summary>
internal static class PerceptorNames
{
    /// <summary>OpenAI spelling to config name: drop <c>/</c> and <c>-</c>, <c>@</c> becomes <c>_</c>.</summary>
    public static string Normalize(string name) => name.Replace("/", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace('@', '_');

    public static string? Convert(YamlScalar scalar, DiagnosticBag diagnostics)
    {
        var text = scalar.Text.Trim();
        var normalized = Normalize(text);
        var known = ParameterSchema.PerceptorSwitches.FirstOrDefault(n => string.Equals(n, normalized, StringComparison.OrdinalIgnoreCase));
        known ??= ParameterSchema.OpenClipPerceptors.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        if (known is not null)
            return known;
        if (text.Length > 0 && ModelReference.LooksLikePath(text) && Path.HasExtension(text))
            return PathResolver.Resolve(text, scalar.Location.BaseDirectory ?? Directory.GetCurrentDirectory());
        diagnostics.Add(ErrorCodes.UnknownModel,
            $"unknown perceptor '{text}'{Suggestions.DidYouMean(normalized, ParameterSchema.PerceptorSwitches)}; use one of: {string.Join(", ", ParameterSchema.PerceptorSwitches.Concat(ParameterSchema.OpenClipPerceptors))}, or a checkpoint path",
            scalar.Location);
        return null;
    }
}
