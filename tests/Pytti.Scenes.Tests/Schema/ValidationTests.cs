using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Tests.Schema;

/// <summary>Every parameter rejects a wrong value with its own message; good values of each type are accepted.</summary>
public class ValidationTests
{
    /// <summary>PyTTI's mmc_models (a list of mappings) is accepted and ignored: mmc is not supported.</summary>
    [Fact]
    public void Mmc_models_accepts_anything()
    {
        var doc = TempScene.Document("scenes: a\nmmc_models:\n- architecture: clip\n  publisher: openai\n  id: RN50\n- x\n");
        Assert.Equal(["a mapping", "x"], doc.Values.MmcModels);
    }

    /// <summary>A value of the wrong kind for each parameter (except the ignored mmc_models), and the exact error expected at line 2, column 4 + name length.</summary>
    public static TheoryData<string, string, string> BadValues()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var p in ParameterSchema.All.Where(p => p.Type != ParameterType.List))
        {
            var (value, code, message) = Bad(p);
            data.Add(p.Name, value, $"{code}: {message}");
        }
        return data;
    }

    private static (string Value, string Code, string Message) Bad(ParameterDefinition p) => p.Type switch
    {
        ParameterType.Integer => ("1.5", "PYTTI009", $"'{p.Name}' must be {p.Describe()}, not '1.5'"),
        ParameterType.Number or ParameterType.NullableNumber => ("ten", "PYTTI009", $"'{p.Name}' must be {p.Describe()}, not 'ten'"),
        ParameterType.Boolean => ("maybe", "PYTTI009", $"'{p.Name}' must be true or false, not 'maybe'"),
        ParameterType.Choice => ("bogus", "PYTTI011", $"'{p.Name}' must be {p.Describe()}, not 'bogus'"),
        ParameterType.Seed => ("abc", "PYTTI009", $"'{p.Name}' must be a whole number, not 'abc'"),
        ParameterType.Device => ("gpu", "PYTTI011", $"'{p.Name}' must be 'auto', 'cpu', 'cuda', 'cuda:N' or a device index N, not 'gpu'"),
        ParameterType.Model when p.Choices is not null => ("sflickr", "PYTTI016", $"'{p.Name}' must be one of: 'imagenet', 'coco', 'wikiart', 'sflckr', 'openimages', or a checkpoint path, not 'sflickr'; did you mean 'sflckr'?"),
        ParameterType.Model => ("no such!", "PYTTI016", $"'{p.Name}' must be a model name or a checkpoint path, not 'no such!'"),
        ParameterType.FrameExpression or ParameterType.StepExpression => ("'1 +'", "PYTTI030", $"'{p.Name}' '1 +': the expression ends too early"),
        ParameterType.Perceptors => ("[ViTB33]", "PYTTI016", "unknown perceptor 'ViTB33'; did you mean 'ViTB32'?; use one of: RN50, RN101, RN50x4, RN50x16, RN50x64, ViTB32, ViTB16, ViTL14, ViTL14_336px, ViT-B-32--laion2b_s34b_b79k, or a checkpoint path"),
        ParameterType.AudioFilters => ("7", "PYTTI009", $"'{p.Name}' must be a list of {{variable_name, f_center, f_width, order}} mappings, not a scalar"),
        ParameterType.Scenes => ("'cat:'", "PYTTI021", "empty weight after ':'"),
        ParameterType.DirectPrompts => ("'x.png:'", "PYTTI021", "empty weight"),
        ParameterType.DirectWeight => ("'1_'", "PYTTI022", "empty mask after '_'; remove the '_' or give a mask file"),
        ParameterType.SemanticWeight => ("'1_'", "PYTTI022", "empty mask after '_'; remove the '_' or name a mask"),
        _ => ("[1, 2]", "PYTTI009", $"'{p.Name}' must be {p.Describe()}, not a list"),
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Wrong_value_is_rejected(string name, string value, string expected)
    {
        var scenes = name == "scenes" ? "" : "scenes: a\n";
        var errors = TempScene.Errors($"{scenes}{name}: {value}\n");
        var error = Assert.Single(errors);
        Assert.StartsWith($"scene.pytti.yaml({(scenes.Length > 0 ? 2 : 1)},", error);
        Assert.EndsWith($"error {expected}", error);
    }

    [Theory]
    [InlineData("steps_per_scene: 0", "scene.pytti.yaml(2,18): error PYTTI010: 'steps_per_scene' must be a whole number >= 1, not '0'")]
    [InlineData("width: -2", "scene.pytti.yaml(2,8): error PYTTI010: 'width' must be a whole number from -1 to 65536, not '-2'")]
    [InlineData("field_of_view: 180", "scene.pytti.yaml(2,16): error PYTTI010: 'field_of_view' must be a number from 0.001 to 179.999, not '180'")]
    [InlineData("cutout_border: -0.1", "scene.pytti.yaml(2,16): error PYTTI010: 'cutout_border' must be a number >= 0, not '-0.1'")]
    [InlineData("video_quality: 64", "scene.pytti.yaml(2,16): error PYTTI010: 'video_quality' must be a whole number from 0 to 63, not '64'")]
    [InlineData("learning_rate: -1", "scene.pytti.yaml(2,16): error PYTTI010: 'learning_rate' must be a number >= 0 or null, not '-1'")]
    [InlineData("cut_pow: .nan", "scene.pytti.yaml(2,10): error PYTTI009: 'cut_pow' must be a number >= 0, not '.nan'")]
    [InlineData("seed: 18446744073709551616", "scene.pytti.yaml(2,7): error PYTTI009: 'seed' must be a whole number, not '18446744073709551616'")]
    [InlineData("image_model: Unrestricted Palette", "scene.pytti.yaml(2,14): error PYTTI011: 'image_model' must be one of: 'Unlimited Palette', 'Limited Palette', 'VQGAN', not 'Unrestricted Palette'; did you mean 'Unlimited Palette'?")]
    [InlineData("animation_mode: 'Off'", "scene.pytti.yaml(2,17): error PYTTI011: 'animation_mode' must be one of: 'off', '2D', '3D', 'Video Source', not 'Off'; did you mean 'off'?")]
    [InlineData("animation_mode: '1D'", "scene.pytti.yaml(2,17): error PYTTI011: 'animation_mode' must be one of: 'off', '2D', '3D', 'Video Source', not '1D'; did you mean '2D'?")]
    public void Ranges_and_enums(string line, string expected) =>
        Assert.Equal([expected], TempScene.Errors($"scenes: a\n{line}\n"));

    [Theory]
    [InlineData("animation_mode: off", "off")]
    [InlineData("animation_mode: false", "off")]
    [InlineData("animation_mode: no", "off")]
    [InlineData("animation_mode: Off", "off")]
    [InlineData("animation_mode: 2D", "2D")]
    [InlineData("animation_mode: Video Source\nvideo_path: v.mp4", "Video Source")]
    public void Animation_mode_off_from_yaml_boolean(string line, string mode) =>
        Assert.Equal(mode, TempScene.Document($"scenes: a\n{line}\n").Values.AnimationMode);

    [Theory]
    [InlineData("yes", true)]
    [InlineData("True", true)]
    [InlineData("'true'", true)]
    [InlineData("on", true)]
    [InlineData("NO", false)]
    [InlineData("off", false)]
    public void Yaml_11_booleans(string text, bool expected) =>
        Assert.Equal(expected, TempScene.Document($"scenes: a\nlock_palette: {text}\n").Values.LockPalette);

    [Theory]
    [InlineData("seed: 12345", "12345")]
    [InlineData("seed: '42'", "42")]
    [InlineData("seed: -9223372036854775808", "-9223372036854775808")]
    [InlineData("seed: 18446744073709551615", "18446744073709551615")]
    [InlineData("seed: +7", "7")]
    public void Seeds(string line, string seed) => Assert.Equal(seed, TempScene.Document($"scenes: a\n{line}\n").Values.Seed);

    [Theory]
    [InlineData("device: 0", "cuda:0")]
    [InlineData("device: 1", "cuda:1")]
    [InlineData("device: cpu", "cpu")]
    [InlineData("device: cuda:2", "cuda:2")]
    [InlineData("device: auto", "auto")]
    public void Devices(string line, string device) => Assert.Equal(device, TempScene.Document($"scenes: a\n{line}\n").Values.Device);

    [Fact]
    public void Numbers_accept_ints_floats_and_infinity()
    {
        var v = TempScene.Document("scenes: a\ncut_pow: 3\ncutout_border: 1e-1\nfar_plane: .inf\nlearning_rate: 0.05\n").Values;
        Assert.Equal((3.0, 0.1, double.PositiveInfinity, 0.05), (v.CutPow, v.CutoutBorder, v.FarPlane, v.LearningRate));
    }

    [Fact]
    public void Numeric_text_params_are_text()
    {
        var doc = TempScene.Document("scenes: 42\nfile_namespace: 7\n");
        Assert.Equal("42", Assert.Single(doc.Scenes).Prompts[0].Target);
        Assert.Equal("7", doc.Values.FileNamespace);
    }

    [Fact]
    public void Smoothing_weight_accepts_an_expression() =>
        Assert.Equal(0.5, TempScene.Document("scenes: a\nsmoothing_weight: 't/2 + 0.5'\n").Values.SmoothingWeight.EvaluateNumber(0));

    [Fact]
    public void Rotate_3d_must_be_four_numbers() =>
        Assert.Equal(["scene.pytti.yaml(3,13): error PYTTI033: 'rotate_3d' must be a list of four numbers [w, x, y, z]"],
            TempScene.Errors("scenes: a\nanimation_mode: 3D\nrotate_3d: '[1, 0, 0]'\n"));

    [Fact]
    public void Motion_expressions_must_be_numbers() =>
        Assert.Equal(["scene.pytti.yaml(2,15): error PYTTI033: 'translate_x' must be a number, not a list"],
            TempScene.Errors("scenes: a\ntranslate_x: '[1, 2]'\n"));

    [Fact]
    public void Depth_variables_are_offered_in_3d_motion_only()
    {
        Assert.True(TempScene.LoadText("scenes: a\nanimation_mode: 3D\ntranslate_z_3d: 'mu / 10'\n").Success);
        Assert.Equal(["scene.pytti.yaml(3,15): error PYTTI031: 'translate_x' 'mu / 10': unknown name 'mu'; variables here: t"],
            TempScene.Errors("scenes: a\nanimation_mode: 2D\ntranslate_x: 'mu / 10'\n"));
    }

    [Fact]
    public void Perceptor_list_replaces_default_switches()
    {
        Assert.Equal(["RN50", "ViTB16"], TempScene.Document("scenes: a\nperceptors: [RN50, ViT-B/16]\n").Perceptors);
        Assert.Equal(["ViTB32", "RN50"], TempScene.Document("scenes: a\nViTB32: true\nperceptors: [RN50]\n").Perceptors);
        Assert.Equal(["RN50", "ViTB32", "ViTL14_336px"], TempScene.Document("scenes: a\nRN50: true\nperceptors: ViT-L/14@336px\n", "ViTB32=true").Perceptors);
    }

    [Fact]
    public void Perceptor_checkpoint_paths_resolve_against_the_file()
    {
        var doc = TempScene.Document("scenes: a\nperceptors: [models/clip.pt]\n");
        Assert.Equal(Path.Combine(doc.RootDirectory, "models", "clip.pt"), Assert.Single(doc.Perceptors));
    }

    [Fact]
    public void Models_by_name_or_path()
    {
        var doc = TempScene.Document("scenes: a\nimage_model: VQGAN\nvqgan_model: ckpt/my.ckpt\ndepth_model: depth-anything-v2-base\nflow_model: ../raft.pth\n");
        Assert.Equal(Path.Combine(doc.RootDirectory, "ckpt", "my.ckpt"), doc.Values.VqganModel);
        Assert.Equal("depth-anything-v2-base", doc.Values.DepthModel);
        Assert.Equal(Path.GetFullPath(Path.Combine(doc.RootDirectory, "..", "raft.pth")), doc.Values.FlowModel);
    }

    [Fact]
    public void Audio_filters_define_variables()
    {
        var doc = TempScene.Document("""
            scenes: 'a cat:1 + fLo | dog:fLo_prev'
            input_audio: song.mp3
            input_audio_filters:
              - variable_name: fLo
                f_center: 100
                f_width: 50
              - {variable_name: fHi, f_center: 8000, f_width: 1000, order: 3}
            """);
        Assert.Equal([new AudioFilter("fLo", 100, 50, 5), new AudioFilter("fHi", 8000, 1000, 3)], doc.Values.InputAudioFilters);
        Assert.Equal(["fLo", "fHi"], doc.AudioVariables);
        Assert.Equal("fLo_prev", doc.Scenes[0].Prompts[1].Weight.Text);
    }
}
