using Pytti.Scenes.Canonical;
using Pytti.Scenes.Expressions;
using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Tests.Schema;

/// <summary>Every parameter's default, written out independently of the schema (reference 1.2, default.yaml column).</summary>
public class DefaultsTests
{
    private static readonly Lazy<SceneDocument> Document = new(() => TempScene.Document("scenes: a cat\n"));

    public static TheoryData<string, string> Expected => new()
    {
        { "scenes", "\"a cat\"" }, { "scene_prefix", "\"\"" }, { "scene_suffix", "\"\"" }, { "direct_image_prompts", "\"\"" },
        { "init_image", "\"\"" }, { "direct_init_weight", "\"\"" }, { "semantic_init_weight", "\"\"" },
        { "image_model", "\"Unlimited Palette\"" }, { "vqgan_model", "\"sflckr\"" }, { "animation_mode", "\"off\"" },
        { "width", "512" }, { "height", "512" }, { "steps_per_scene", "100" }, { "steps_per_frame", "50" },
        { "interpolation_steps", "0" }, { "learning_rate", "null" }, { "reset_lr_each_frame", "true" }, { "seed", "\"0\"" },
        { "cutouts", "40" }, { "cut_pow", "2" }, { "cutout_border", "0.25" }, { "border_mode", "\"clamp\"" },
        { "field_of_view", "60" }, { "near_plane", "1" }, { "far_plane", "10000" }, { "input_audio", "\"\"" },
        { "input_audio_offset", "0" }, { "input_audio_filters", "[]" }, { "pre_animation_steps", "50" }, { "lock_camera", "true" },
        { "translate_x", "\"0\"" }, { "translate_y", "\"0\"" }, { "translate_z_3d", "\"0\"" }, { "rotate_3d", "\"[1, 0, 0, 0]\"" },
        { "rotate_2d", "\"0\"" }, { "zoom_x_2d", "\"0\"" }, { "zoom_y_2d", "\"0\"" }, { "sampling_mode", "\"bicubic\"" },
        { "infill_mode", "\"wrap\"" }, { "pixel_size", "1" }, { "smoothing_weight", "\"0.02\"" }, { "random_initial_palette", "false" },
        { "palette_size", "5" }, { "palettes", "20" }, { "gamma", "1" }, { "hdr_weight", "0.01" },
        { "palette_normalization_weight", "0.2" }, { "show_palette", "false" }, { "target_palette", "\"\"" }, { "lock_palette", "false" },
        { "frames_per_second", "12" }, { "direct_stabilization_weight", "\"\"" }, { "semantic_stabilization_weight", "\"\"" },
        { "depth_stabilization_weight", "\"\"" }, { "edge_stabilization_weight", "\"\"" }, { "flow_stabilization_weight", "\"\"" },
        { "video_path", "\"\"" }, { "frame_stride", "1" }, { "reencode_each_frame", "true" }, { "flow_long_term_samples", "1" },
        { "ViTB32", "true" }, { "ViTB16", "false" }, { "ViTL14", "false" }, { "ViTL14_336px", "false" }, { "RN50", "false" },
        { "RN101", "false" }, { "RN50x4", "false" }, { "RN50x16", "false" }, { "RN50x64", "false" }, { "use_mmc", "false" },
        { "mmc_models", "[]" }, { "file_namespace", "\"default\"" }, { "allow_overwrite", "false" }, { "display_every", "50" },
        { "clear_every", "0" }, { "display_scale", "1" }, { "save_every", "50" }, { "backups", "3" }, { "show_graphs", "false" },
        { "approximate_vram_usage", "false" }, { "use_tensorboard", "false" }, { "models_parent_dir", "\"\"" },
        { "gradient_accumulation_steps", "1" }, { "device", "\"auto\"" }, { "resume", "false" }, { "base_name", "\"\"" }, { "restore", "false" }, { "perceptors", "[]" },
        { "depth_model", "\"depth-anything-v2-small\"" }, { "flow_model", "\"raft-small\"" }, { "video_container", "\"mp4\"" },
        { "video_codec", "\"\"" }, { "video_quality", "18" }, { "video_fps", "null" }, { "checkpoint_every", "1" },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Default_value(string name, string json)
    {
        var setting = Document.Value.Settings[name];
        Assert.Equal(name == "scenes", !setting.IsDefault);
        var value = setting.Value is CompiledExpression expression ? expression.Text : setting.Value;
        if (value is IEnumerable<AudioFilter> filters)
            value = filters.ToList<object?>();
        if (value is IEnumerable<string> names)
            value = names.ToList<object?>();
        Assert.Equal(json, CanonicalJson.Serialize(value));
    }

    [Fact]
    public void Every_parameter_has_an_expected_default() =>
        Assert.Equal(ParameterSchema.All.Select(p => p.Name).Order(), Expected.Select(row => (string)row[0]).Order());

    [Fact]
    public void Typed_settings_match()
    {
        var v = Document.Value.Values;
        Assert.Equal((512, 512, 100, 50, 50, 12), (v.Width, v.Height, v.StepsPerScene, v.StepsPerFrame, v.PreAnimationSteps, v.FramesPerSecond));
        Assert.Equal(("Unlimited Palette", "off", "sflckr", true), (v.ImageModel, v.AnimationMode, v.VqganModel, v.ViTB32));
        Assert.Null(v.LearningRate);
        Assert.Equal(0.02, v.SmoothingWeight.EvaluateNumber(0));
        Assert.Equal([1.0, 0, 0, 0], v.Rotate3d.Evaluate(new Dictionary<string, double> { ["t"] = 0 }).List!);
        Assert.Equal(["ViTB32"], Document.Value.Perceptors);
        Assert.Null(Document.Value.Losses.DirectInit);
    }

    [Fact]
    public void Every_parameter_has_a_meaning_and_a_unique_name()
    {
        Assert.All(ParameterSchema.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Meaning)));
        Assert.Equal(ParameterSchema.All.Count, ParameterSchema.All.Select(p => p.Name).Distinct().Count());
    }
}
