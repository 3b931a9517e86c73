using Pytti.Scenes.Canonical;
using Pytti.Scenes.Planning;

namespace Pytti.Scenes.Tests.Yaml;

/// <summary>Files written for PyTTI load unchanged (reference 1.1, 1.2, 11).</summary>
public class PyttiFilesTests
{
    /// <summary>PyTTI's default.yaml with every key in its own YAML typing; only scenes, seed and the Hydra lines differ.</summary>
    private const string DefaultYaml = """
        # @package _global_
        scenes: a photo of a cat
        scene_prefix: ''
        scene_suffix: ''
        direct_image_prompts: ''
        init_image: ''
        direct_init_weight: ''
        semantic_init_weight: ''
        image_model: Unlimited Palette
        vqgan_model: sflckr
        animation_mode: off
        width: 512
        height: 512
        steps_per_scene: 100
        steps_per_frame: 50
        interpolation_steps: 0
        learning_rate: null
        reset_lr_each_frame: true
        seed: 12345
        cutouts: 40
        cut_pow: 2
        cutout_border: .25
        border_mode: clamp
        field_of_view: 60
        near_plane: 1
        far_plane: 10000
        input_audio: ""
        input_audio_offset: 0
        input_audio_filters: []
        pre_animation_steps: 50
        lock_camera: true
        translate_x: '0'
        translate_y: '0'
        translate_z_3d: '0'
        rotate_3d: '[1, 0, 0, 0]'
        rotate_2d: '0'
        zoom_x_2d: '0'
        zoom_y_2d: '0'
        sampling_mode: bicubic
        infill_mode: wrap
        pixel_size: 1
        smoothing_weight: 0.02
        random_initial_palette: false
        palette_size: 5
        palettes: 20
        gamma: 1
        hdr_weight: 0.01
        palette_normalization_weight: 0.2
        show_palette: false
        target_palette: ''
        lock_palette: false
        frames_per_second: 12
        direct_stabilization_weight: ''
        semantic_stabilization_weight: ''
        depth_stabilization_weight: ''
        edge_stabilization_weight: ''
        flow_stabilization_weight: ''
        video_path: ''
        frame_stride: 1
        reencode_each_frame: true
        flow_long_term_samples: 1
        ViTB32: true
        ViTB16: false
        ViTL14: false
        ViTL14_336px: false
        RN50: false
        RN101: false
        RN50x4: false
        RN50x16: false
        RN50x64: false
        use_mmc: false
        mmc_models:
        - architecture: clip
          publisher: openai
          id: RN50
        file_namespace: default
        allow_overwrite: false
        display_every: 50
        clear_every: 0
        display_scale: 1
        save_every: 50
        backups: 3
        show_graphs: false
        approximate_vram_usage: false
        use_tensorboard: false
        gradient_accumulation_steps: 1
        device: 0
        """;

    [Fact]
    public void Pytti_default_yaml_loads_and_matches_our_defaults_where_it_should()
    {
        var pytti = TempScene.Document(DefaultYaml);
        var ours = TempScene.Document("scenes: a photo of a cat\nseed: 12345\n");
        Assert.Equal("cuda:0", pytti.Values.Device);
        var pyttiFrames = CanonicalForm.Compute(pytti).Frames.Select(f => f.Json);
        var ourFrames = CanonicalForm.Compute(ours).Frames.Select(f => f.Json);
        Assert.Equal(ourFrames, pyttiFrames);
    }

    [Fact]
    public void Pytti_test_suite_conf()
    {
        var doc = TempScene.Document("""
            # @package _global_
            scenes: fear is the mind killer
            pre_animation_steps: 2
            steps_per_frame: 3
            steps_per_scene: 30
            save_every: 3
            display_every: 3
            image_model: Limited Palette
            ViTB32: true
            animation_mode: off
            seed: 12345
            """);
        Assert.Equal("Limited Palette", doc.Values.ImageModel);
        var plan = FramePlan.For(doc);
        Assert.Equal((30, 10), (plan.TotalSteps, plan.Frames.Count));
    }

    [Fact]
    public void Demo_yaml_style_scene()
    {
        var doc = TempScene.Document("""
            # @package _global_
            scenes: |
              a hollow gourd with a face carved into it, glowing with light from within
              || a jack-o-lantern on a porch at night:2_[-mask.png]:0.7
            scene_prefix: 'astrophotography #pixelart | image credit nasa | space full of cybernetic neon:3_galactic nebula | isometric pixelart by Sachin Teng | '
            scene_suffix: '| satellite image:-1:-.95 | text:-1:-.95 | anime:-1:-.95 | watermark:-1:-.95 | backyard telescope:-1:-.95 | map:-1:-.95'
            image_model: Limited Palette
            animation_mode: 3D
            translate_z_3d: (50+10*t)*sin(t/10*pi)**2
            rotate_3d: '[cos(0.01*sin(t/10*pi)), 0, sin(0.01*sin(t/10*pi)), 0]'
            lock_camera: true
            steps_per_scene: 60
            steps_per_frame: 50
            direct_stabilization_weight: 0.3
            palette_size: 6
            palettes: 9
            width: 180
            height: 112
            pixel_size: 4
            """);
        Assert.Equal(2, doc.Scenes.Count);
        Assert.Equal(11, doc.Scenes[0].Prompts.Count); // 4 from the prefix, the scene, 6 from the suffix
        var lantern = doc.Scenes[1].Prompts[4];
        Assert.Equal(("a jack-o-lantern on a porch at night", "2", "0.7", true), (lantern.Target, lantern.Weight.Text, lantern.Stop.Text, lantern.Mask.Inverted));
        Assert.Equal([1.0, 0, 0, 0], doc.Values.Rotate3d.Evaluate(new Dictionary<string, double> { ["t"] = 0 }).List!);
        Assert.Empty(CanonicalForm.Compute(doc).Diagnostics);
    }
}
