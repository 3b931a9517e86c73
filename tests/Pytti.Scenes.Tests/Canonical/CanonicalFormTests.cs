using Pytti.Scenes.Canonical;

namespace Pytti.Scenes.Tests.Canonical;

public class CanonicalFormTests
{
    private static IReadOnlyList<string> Frames(string yaml, params string[] overrides)
    {
        var (frames, errors) = CanonicalForm.Compute(TempScene.Document(yaml, overrides));
        Assert.Empty(errors);
        return frames.Select(f => f.Json).ToList();
    }

    private const string Animated = "scenes: a cat:1 + t || a dog\nsteps_per_scene: 20\nsteps_per_frame: 5\npre_animation_steps: 5\nanimation_mode: 2D\n";

    [Fact]
    public void Key_order_and_formatting_do_not_matter()
    {
        var a = Frames("scenes: 'a cat | a dog:2'\nwidth: 256\nsteps_per_scene: 10\nsteps_per_frame: 5\npre_animation_steps: 0\n");
        var b = Frames("pre_animation_steps: 0\n# a comment\nsteps_per_frame: \"5\"\nsteps_per_scene:   10\nwidth: 256\nscenes: >-\n  a cat | a dog:2\n");
        Assert.Equal(a, b);
    }

    [Fact]
    public void Expression_spelling_does_not_matter_only_values()
    {
        Assert.Equal(Frames(Animated + "translate_x: '2*t'\n"), Frames(Animated + "translate_x: 't + t'\n"));
        Assert.NotEqual(Frames(Animated + "translate_x: '2*t'\n"), Frames(Animated + "translate_x: '3*t'\n"));
    }

    [Fact]
    public void Parameters_of_unused_modes_are_left_out()
    {
        var off = "scenes: a\nsteps_per_scene: 10\n";
        Assert.Equal(Frames(off), Frames(off + "zoom_x_2d: 5\nfield_of_view: 30\npalettes: 3\nvqgan_model: coco\nvideo_path: v.mp4\n"));
        var json = Frames(off)[0];
        Assert.DoesNotContain("motion", json);
        Assert.DoesNotContain("palette", json);
        Assert.DoesNotContain("vqgan_model", json);
        Assert.Contains("\"cutouts\":40", json);
    }

    [Fact]
    public void Output_only_parameters_are_left_out()
    {
        var scene = "scenes: a\nsteps_per_scene: 10\n";
        Assert.Equal(Frames(scene), Frames(scene + "display_every: 3\nfile_namespace: x\nvideo_quality: 30\ndevice: cpu\ncheckpoint_every: 5\nsave_every: 7\n"));
    }

    [Fact]
    public void Backups_do_not_key_video_source_frames_as_long_term_flows_keep_their_own_history()
    {
        var scene = "scenes: a\nsteps_per_scene: 20\nsteps_per_frame: 5\nanimation_mode: Video Source\nvideo_path: v.mp4\nflow_stabilization_weight: 1\n";
        Assert.Equal(Frames(scene + "backups: 3\n"), Frames(scene + "backups: 9\n"));
        Assert.NotEqual(Frames(scene + "flow_long_term_samples: 1\n"), Frames(scene + "flow_long_term_samples: 2\n"));
    }

    [Fact]
    public void Extending_an_animation_keeps_the_form_of_every_earlier_frame()
    {
        var scene = "scenes: a cat:1 + t || a dog\nsteps_per_frame: 1\npre_animation_steps: 0\ninterpolation_steps: 2\nanimation_mode: 2D\ntranslate_x: '2*t'\n";
        var short20 = Frames(scene + "steps_per_scene: 20\n");
        var longer = Frames(scene + "steps_per_scene: 25\n");   // scene 1 moves from step 20 to step 25
        Assert.Equal(short20.Take(20), longer.Take(20));
        Assert.NotEqual(short20[20], longer[20]);
        var appended = Frames(scene.Replace("|| a dog", "|| a dog || a bird") + "steps_per_scene: 20\n");
        Assert.Equal(short20, appended.Take(40));
    }

    [Fact]
    public void Settings_of_the_schedule_change_the_frames_whose_steps_they_change()
    {
        var scene = "scenes: a cat:1 + t || a dog\nsteps_per_scene: 10\nsteps_per_frame: 2\npre_animation_steps: 0\nanimation_mode: 2D\n";
        var baseline = Frames(scene + "interpolation_steps: 2\n");
        var longerFade = Frames(scene + "interpolation_steps: 4\n");       // scene 0 fades from itself: every step's tau is keyed
        Assert.NotEqual(baseline[0], longerFade[0]);
        var faster = Frames(scene + "interpolation_steps: 2\nframes_per_second: 24\n");   // t of every step after step 0
        Assert.NotEqual(baseline[1], faster[1]);
    }

    [Fact]
    public void A_change_from_a_later_time_only_changes_later_frames()
    {
        // Frames start at t = m / 12; the motion changes only from t >= 1 (frame 12 on).
        var scene = "scenes: a\nsteps_per_scene: 100\nsteps_per_frame: 5\npre_animation_steps: 0\nanimation_mode: 2D\n";
        var before = Frames(scene + "translate_x: '(t >= 1) * 5'\n");
        var after = Frames(scene + "translate_x: '(t >= 1) * 6'\n");
        Assert.Equal(20, before.Count);
        Assert.Equal(before.Take(12), after.Take(12));
        Assert.All(before.Zip(after).Skip(12), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void Prompt_weight_change_in_scene_two_leaves_scene_one_frames_alone()
    {
        var a = Frames(Animated);
        var b = Frames(Animated.Replace("a dog", "a dog:2"));
        Assert.Equal(a.Take(3), b.Take(3));
        Assert.NotEqual(a[3], b[3]);
    }

    [Fact]
    public void Init_losses_end_at_the_first_boundary_when_animated()
    {
        var frames = Frames(Animated + "init_image: i.png\ndirect_init_weight: 1\nsemantic_stabilization_weight: 2\n");
        Assert.Contains("direct_init", frames[0]);
        Assert.DoesNotContain("direct_init", frames[1]);
        Assert.Contains("semantic_stabilization", frames[1]);
    }

    [Fact]
    public void Audio_dependent_values_stay_expressions()
    {
        var frames = Frames("scenes: 'a:bass * 2'\nsteps_per_scene: 4\nsteps_per_frame: 2\npre_animation_steps: 0\ninput_audio: s.mp3\ninput_audio_filters: [{variable_name: bass, f_center: 100, f_width: 50}]\n");
        Assert.Contains("\"weight\":{\"expression\":\"(bass * 2)\"}", frames[0]);
        Assert.Contains("\"input_audio\":\"s.mp3\"", frames[0]);
    }

    [Fact]
    public void Evaluation_errors_are_located()
    {
        var doc = TempScene.Document("scenes: a\nsteps_per_scene: 10\nsteps_per_frame: 5\npre_animation_steps: 0\nanimation_mode: 2D\ntranslate_x: 'sqrt(t - 0.05)'\n");
        var (_, errors) = CanonicalForm.Compute(doc);
        Assert.Equal(["scene.pytti.yaml(6,15): error PYTTI034: 'translate_x' 'sqrt(t - 0.05)' at t=0: math domain error in sqrt()"], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Snapshot_of_a_small_scene()
    {
        var json = Frames("scenes: 'a cat:1_r | [p.png]:-1:-0.5'\nsteps_per_scene: 2\nsteps_per_frame: 2\npre_animation_steps: 0\nperceptors: [RN50]\n")[0];
        Assert.Equal(
            "{\"direct_prompts\":[],\"frame\":{\"boundary_step\":0,\"end_step\":2,\"first_step\":0,\"index\":0},\"losses\":{},\"perceptors\":[\"RN50\"]," +
            "\"scenes\":{\"0\":[{\"cutoff\":0.5000873264,\"disabled\":false,\"kind\":\"text\",\"mask\":\"right\",\"stop\":\"-inf\",\"text\":\"a cat\",\"weight\":1}," +
            "{\"disabled\":false,\"kind\":\"image\",\"mask\":\"all\",\"path\":\"p.png\",\"stop\":-0.5,\"weight\":-1}]}," +
            "\"schedule\":{\"previous_scene\":0,\"scene\":0,\"t\":[0,0.041666666666666664],\"tau\":1}," +
            "\"settings\":{\"animation_mode\":\"off\",\"border_mode\":\"clamp\",\"cut_pow\":2,\"cutout_border\":0.25,\"cutouts\":40,\"frames_per_second\":12," +
            "\"gradient_accumulation_steps\":1,\"height\":512,\"image_model\":\"Unlimited Palette\",\"learning_rate\":null," +
            "\"pixel_size\":1,\"reset_lr_each_frame\":true,\"seed\":\"0\",\"width\":512}," +
            "\"smoothing_weight\":0.02}",
            json);
    }

    [Fact]
    public void Json_is_sorted_and_invariant()
    {
        var value = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["b"] = 1.5, ["a"] = new List<object?> { double.NegativeInfinity, 2.0, "x", true, null } };
        Assert.Equal("{\"a\":[\"-inf\",2,\"x\",true,null],\"b\":1.5}", CanonicalJson.Serialize(value));
        var dictionary = new Dictionary<string, object?> { ["z"] = 1, ["é"] = "ü", ["A"] = -0.0 };
        Assert.Equal("{\"A\":0,\"z\":1,\"é\":\"ü\"}", CanonicalJson.Serialize(dictionary));
    }

    [Fact]
    public void Evaluation_errors_point_at_the_failing_operation()
    {
        var doc = TempScene.Document("scenes: 'a:1 + 1/(t - t) | b'\nsteps_per_scene: 4\nsteps_per_frame: 2\npre_animation_steps: 0\n");
        var (_, errors) = CanonicalForm.Compute(doc);
        Assert.Equal(["scene.pytti.yaml(1,17): error PYTTI034: weight '1 + 1/(t - t)' at t=0: division by zero"], errors.Select(e => e.ToString()));
    }
}
