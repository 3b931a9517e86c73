using System.Text.RegularExpressions;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes.Schema;

/// <summary>
/// A model given by registered name or by checkpoint path. A value with a folder separator or a
/// weight-file extension is a path (resolved against the scene file's folder); anything else is a
/// name: for VQGAN it must be one of the five PyTTI names, other names are checked by the model
/// registry when rendering.
/// </summary>
internal static partial class ModelReference
{
    private static readonly string[] WeightExtensions = [".ckpt", ".pt", ".pth", ".safetensors", ".bin", ".yaml"];

    public static bool LooksLikePath(string value) =>
        value.Contains('/') || value.Contains('\\') || WeightExtensions.Contains(Path.GetExtension(value).ToLowerInvariant());

    public static string? Convert(ParameterDefinition definition, YamlScalar scalar, DiagnosticBag diagnostics, string workingDirectory)
    {
        var text = scalar.Text.Trim();
        if (definition.Choices is { } names && names.Contains(text, StringComparer.Ordinal))
            return text;
        if (text.Length > 0 && LooksLikePath(text))
            return PathResolver.Resolve(text, scalar.Location.BaseDirectory ?? workingDirectory);
        if (definition.Choices is null && NamePattern().IsMatch(text))
            return text;
        var allowed = definition.Choices is { } choices ? "one of: " + string.Join(", ", choices.Select(c => $"'{c}'")) + ", or a checkpoint path" : "a model name or a checkpoint path";
        diagnostics.Add(ErrorCodes.UnknownModel, $"'{definition.Name}' must be {allowed}, not '{text}'{Suggestions.DidYouMean(text, definition.Choices ?? [])}", scalar.Location);
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
