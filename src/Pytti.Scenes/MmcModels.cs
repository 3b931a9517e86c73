using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Schema;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes;

/// <summary>
/// PyTTI's <c>use_mmc: true</c>: the perceptors are the <c>mmc_models</c> entries
/// (<c>{architecture: clip, publisher: openai, id: ViT-B/32}</c>, or an OpenCLIP model as mmc names it:
/// <c>{architecture: clip, publisher: mlfoundations, id: ViT-B-32--laion2b_s34b_b79k}</c>) and the CLIP switches are ignored.
/// Each entry our loaders can serve becomes its perceptor name; any other is an error naming what is served.
/// </summary>
internal static class MmcModels
{
    private const string OpenClipPublisher = "mlfoundations";

    private static readonly string Served = "architecture: clip, publisher: openai, id: one of "
        + string.Join(", ", ["RN50", "RN101", "RN50x4", "RN50x16", "RN50x64", "ViT-B/32", "ViT-B/16", "ViT-L/14", "ViT-L/14@336px"])
        + $"}} or {{architecture: clip, publisher: {OpenClipPublisher}, id: one of " + string.Join(", ", ParameterSchema.OpenClipPerceptors);

    public static IReadOnlyList<string> Perceptors(YamlValue node, DiagnosticBag diagnostics)
    {
        var items = node is YamlList list ? list.Items : node is YamlScalar { IsNull: true } ? [] : [node];
        var result = new List<string>();
        foreach (var item in items)
        {
            if (Perceptor(item) is { } name)
            {
                if (!result.Contains(name)) result.Add(name);
            }
            else
                diagnostics.Add(ErrorCodes.Unsupported, $"this mmc model is not served here; entries we load: {{{Served}}}", item.Location);
        }
        return result;
    }

    private static string? Perceptor(YamlValue item)
    {
        if (item is not YamlMap map)
            return null;
        string? Field(string key) => (map.Entries.FirstOrDefault(e => e.Key.Text == key)?.Value as YamlScalar)?.Text.Trim();
        if (!string.Equals(Field("architecture"), "clip", StringComparison.OrdinalIgnoreCase))
            return null;
        var (publisher, id) = (Field("publisher"), Field("id") ?? "");
        if (string.Equals(publisher, OpenClipPublisher, StringComparison.OrdinalIgnoreCase))   // mmc's id: {open_clip model}--{pretrained tag}
            return ParameterSchema.OpenClipPerceptors.FirstOrDefault(n => string.Equals(n, id, StringComparison.OrdinalIgnoreCase));
        if (!string.Equals(publisher, "openai", StringComparison.OrdinalIgnoreCase))
            return null;
        var normalized = PerceptorNames.Normalize(id);
        return ParameterSchema.PerceptorSwitches.FirstOrDefault(n => string.Equals(n, normalized, StringComparison.OrdinalIgnoreCase));
    }
}
