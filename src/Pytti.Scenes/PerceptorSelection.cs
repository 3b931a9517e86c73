using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Schema;
using Pytti.Scenes.Yaml;

namespace Pytti.Scenes;

/// <summary>
/// The effective perceptors: the CLIP switches that are on (in CLIP's model order), then the
/// <c>perceptors</c> list. When <c>perceptors</c> is written, switches count only where written
/// too, so <c>perceptors: [RN50]</c> alone means RN50 only (not RN50 plus the default ViTB32).
/// With <c>use_mmc: true</c> the <c>mmc_models</c> entries take the switches' place, as in PyTTI.
/// </summary>
internal static class PerceptorSelection
{
    public static IReadOnlyList<string> Select(IReadOnlyDictionary<string, Setting> settings, IReadOnlyDictionary<string, YamlValue> nodes, DiagnosticBag diagnostics)
    {
        var listed = settings["perceptors"];
        var result = settings["use_mmc"].Value is true ? MmcModels.Perceptors(nodes["mmc_models"], diagnostics).ToList() : Switched(settings, listed);
        foreach (var name in (IReadOnlyList<string>)listed.Value!)
        {
            if (!result.Contains(name))
                result.Add(name);
        }
        return result;
    }

    private static List<string> Switched(IReadOnlyDictionary<string, Setting> settings, Setting listed)
    {
        var result = new List<string>();
        foreach (var name in ParameterSchema.PerceptorSwitches)
        {
            var setting = settings[name];
            if (setting.Value is true && (listed.IsDefault || !setting.IsDefault))
                result.Add(name);
        }
        return result;
    }
}
