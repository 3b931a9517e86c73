using Pytti.Scenes.Schema;

namespace Pytti.Scenes;

/// <summary>
/// The effective perceptors: the CLIP switches that are on (in CLIP's model order), then the
/// <c>perceptors</c> list. When <c>perceptors</c> is written, switches count only where written
/// too, so <c>perceptors: [RN50]</c> alone means RN50 only (not RN50 plus the default ViTB32).
/// </summary>
internal static class PerceptorSelection
{
    public static IReadOnlyList<string> Select(IReadOnlyDictionary<string, Setting> settings)
    {
        var listed = settings["perceptors"];
        var result = new List<string>();
        foreach (var name in ParameterSchema.PerceptorSwitches)
        {
            var setting = settings[name];
            if (setting.Value is true && (listed.IsDefault || !setting.IsDefault))
                result.Add(name);
        }
        foreach (var name in (IReadOnlyList<string>)listed.Value!)
        {
            if (!result.Contains(name))
                result.Add(name);
        }
        return result;
    }
}
