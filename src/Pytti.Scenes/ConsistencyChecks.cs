using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Schema;

namespace Pytti.Scenes;

/// <summary>
/// Rules across parameters that PyTTI asserts at run time (reference 1.3, 1.4), checked at load.
/// A rule is skipped when one of its parameters already failed, to avoid follow-on errors.
/// </summary>
internal sealed class ConsistencyChecks(IReadOnlyDictionary<string, Setting> settings, IReadOnlySet<string> failed, SourceLocation root, DiagnosticBag diagnostics)
{
    public void Run(PyttiSettings values, IReadOnlyList<string> perceptors, int sceneCount)
    {
        if (sceneCount > 1 && values.StepsPerScene > long.MaxValue / sceneCount)
            Error("steps_per_scene", $"{sceneCount} scenes of 'steps_per_scene' ({values.StepsPerScene}) steps are more steps than a render can count (2^63-1); lower 'steps_per_scene'", ErrorCodes.OutOfRange);
        if (values.Cutouts % values.GradientAccumulationSteps != 0)
            Error("gradient_accumulation_steps", $"'gradient_accumulation_steps' ({values.GradientAccumulationSteps}) must divide 'cutouts' ({values.Cutouts})");
        if (values.Width == -1 && values.Height == -1)
            Error("width", "'width' and 'height' cannot both be -1; give one of them");
        else if ((values.Width == -1 || values.Height == -1) && values.InitImage.Length == 0 && values.AnimationMode != "Video Source")
            Error(values.Width == -1 ? "width" : "height", "-1 derives the size from the init image (or the video in Video Source mode); set 'init_image' or give the size");
        if (values.Width == 0 || values.Height == 0)
            Error(values.Width == 0 ? "width" : "height", "the image size must be at least 1 (or -1 to derive it)");
        if (values.InputAudioFilters.Count > 0 && values.InputAudio.Length == 0)
            Error("input_audio_filters", "audio filters need 'input_audio' (the file they filter)");
        if (perceptors.Count == 0)
            Error(SwitchedOff() ?? "perceptors", "select at least one perceptor: set ViTB32: true (or another CLIP switch) or list 'perceptors'");
        if (values.AnimationMode == "Video Source" && values.VideoPath.Length == 0)
            Error("animation_mode", "'Video Source' needs 'video_path'");
        if (values.NearPlane >= values.FarPlane && values.AnimationMode == "3D")
            Error("near_plane", $"'near_plane' ({NumberText.Format(values.NearPlane)}) must be less than 'far_plane' ({NumberText.Format(values.FarPlane)})");
    }

    /// <summary>The first perceptor switch the file turned off, to point at when none is left.</summary>
    private string? SwitchedOff() =>
        ParameterSchema.PerceptorSwitches.FirstOrDefault(n => !settings[n].IsDefault && settings[n].Value is false);

    private void Error(string name, string message, string code = ErrorCodes.Inconsistent)
    {
        var perceptorRule = name == "perceptors" || ParameterSchema.PerceptorSwitches.Contains(name);
        if (!failed.Contains(name) && !(perceptorRule && (failed.Contains("perceptors") || failed.Overlaps(ParameterSchema.PerceptorSwitches))))
            diagnostics.Add(code, message, settings[name].Location ?? root);
    }
}
