using Pytti.Scenes.Canonical;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Explain;

/// <summary>
/// Reports input files the scene names that do not exist, at the place that names them. Only files
/// that matter for this scene are checked (a <c>video_path</c> outside Video Source mode is not);
/// URLs are left to the renderer.
/// </summary>
public static class InputFileCheck
{
    public static IReadOnlyList<Diagnostic> Run(SceneDocument document)
    {
        var missing = new List<Diagnostic>();
        foreach (var (path, what, location) in References(document))
        {
            if (path.Length > 0 && !PathResolver.IsUrl(path) && !File.Exists(path))
                missing.Add(new Diagnostic(ErrorCodes.InputFileNotFound, $"{what} '{path}' does not exist", location));
        }
        return missing;
    }

    private static IEnumerable<(string Path, string What, SourceLocation Location)> References(SceneDocument document)
    {
        foreach (var setting in document.Settings.Values.Where(s => IsFile(s) && RelevanceRules.Holds(s.Definition, document)))
            yield return ((string)setting.Value!, setting.Definition.Name, setting.Location ?? SourceLocation.None);
        foreach (var perceptor in document.Perceptors.Where(Path.IsPathRooted))
            yield return (perceptor, "perceptor checkpoint", document.Settings["perceptors"].Location ?? SourceLocation.None);
        foreach (var prompt in document.Scenes.SelectMany(s => s.Prompts))
        {
            if (prompt.Kind == PromptKind.Image)
                yield return (prompt.Target, "image prompt", prompt.Location);
            if (MaskFile(prompt.Mask) is { } mask)
                yield return (mask, "mask", prompt.Location);
        }
        foreach (var direct in document.DirectPrompts)
        {
            yield return (direct.Path, "direct image prompt", direct.Location);
            if (MaskFile(direct.Mask) is { } mask)
                yield return (mask, "mask", direct.Location);
        }
        foreach (var (name, loss) in document.Losses.Named())
        {
            if (loss is not null && MaskFile(loss.Mask) is { } mask)
                yield return (mask, $"{name}_weight mask", loss.Location);
        }
    }

    private static bool IsFile(Setting setting) =>
        setting.Definition.Type == ParameterType.Path && setting.Definition.Relevance != Relevance.Output
        || setting.Definition.Type == ParameterType.Model && Path.IsPathRooted((string)setting.Value!);

    private static string? MaskFile(PromptMask mask) => mask.Kind is MaskKind.Image or MaskKind.Video ? mask.Target : null;
}
