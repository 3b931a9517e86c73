using Pytti.Scenes.Dsl;
using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Canonical;

/// <summary>
/// Canonical (JSON-ready) descriptions of prompts, masks, paths and plain settings. Paths are
/// written relative to the root scene file's folder with <c>/</c>, so a checkout elsewhere gives the
/// same form; file contents are hashed by later stages.
/// </summary>
internal sealed class CanonicalDescriptions(SceneDocument document)
{
    public static SortedDictionary<string, object?> Map() => new(StringComparer.Ordinal);

    public string RelativePath(string path)
    {
        if (path.Length == 0 || PathResolver.IsUrl(path) || !Path.IsPathRooted(path))
            return path;
        return Path.GetRelativePath(document.RootDirectory, path).Replace('\\', '/');
    }

    public object? Mask(PromptMask mask) => mask.Kind switch
    {
        MaskKind.All => "all",
        MaskKind.Semantic => new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["kind"] = "semantic", ["text"] = mask.Target },
        MaskKind.Image or MaskKind.Video => new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["kind"] = mask.Kind == MaskKind.Image ? "image" : "video", ["path"] = RelativePath(mask.Target!), ["inverted"] = mask.Inverted,
        },
        _ => mask.Kind.ToString().ToLowerInvariant(),
    };

    public SortedDictionary<string, object?> Prompt(Prompt prompt)
    {
        var map = Map();
        map["kind"] = prompt.Kind == PromptKind.Text ? "text" : "image";
        map[prompt.Kind == PromptKind.Text ? "text" : "path"] = prompt.Kind == PromptKind.Text ? prompt.Target : RelativePath(prompt.Target);
        map["mask"] = Mask(prompt.Mask);
        map["disabled"] = prompt.IsDisabled;
        return map;
    }

    /// <summary>A plain setting's value: paths relative, audio filters as objects, the rest as is.</summary>
    public object? Setting(Setting setting) => setting.Definition.Type switch
    {
        ParameterType.Path => RelativePath((string)setting.Value!),
        ParameterType.Model => ModelReference.LooksLikePath((string)setting.Value!) ? RelativePath((string)setting.Value!) : setting.Value,
        ParameterType.AudioFilters => ((IReadOnlyList<AudioFilter>)setting.Value!).Select(f => (object?)new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["variable_name"] = f.VariableName, ["f_center"] = f.FCenter, ["f_width"] = f.FWidth, ["order"] = f.Order,
        }).ToList(),
        ParameterType.Perceptors or ParameterType.List => ((IReadOnlyList<string>)setting.Value!).Cast<object?>().ToList(),
        _ => setting.Value,
    };

    /// <summary>Types shown in the canonical form through the parsed DSL, the schedule or the perceptor list instead.</summary>
    public static bool IsPlain(ParameterDefinition definition) =>
        definition.Relevance != Relevance.Perceptor && definition.Type is not (ParameterType.Scenes or ParameterType.DirectPrompts
            or ParameterType.DirectWeight or ParameterType.SemanticWeight or ParameterType.FrameExpression
            or ParameterType.StepExpression or ParameterType.Perceptors or ParameterType.Text);
}
