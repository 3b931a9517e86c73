using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Canonical;

/// <summary>Whether a parameter can affect the rendered pixels of this scene (see <see cref="Relevance"/>).</summary>
public static class RelevanceRules
{
    public static bool Holds(Relevance relevance, SceneDocument document)
    {
        var v = document.Values;
        var mode = v.AnimationMode;
        return relevance switch
        {
            Relevance.Always => true,
            Relevance.InitImage => v.InitImage.Length > 0,
            Relevance.Audio => v.InputAudio.Length > 0,
            Relevance.Animated => mode != "off",
            Relevance.TwoD => mode == "2D",
            Relevance.ThreeD => mode == "3D",
            Relevance.Motion => mode is "2D" or "3D",
            Relevance.VideoSource or Relevance.SaveEvery => mode == "Video Source",
            Relevance.Flow => mode is "3D" or "Video Source",
            Relevance.Depth => mode == "3D" || document.Losses.DepthStabilization is not null,
            Relevance.Stabilization => mode != "off" || v.InitImage.Length > 0,
            Relevance.LimitedPalette => v.ImageModel == "Limited Palette",
            Relevance.Vqgan => v.ImageModel == "VQGAN",
            _ => false,
        };
    }

    public static bool Holds(ParameterDefinition definition, SceneDocument document) => Holds(definition.Relevance, document);
}
