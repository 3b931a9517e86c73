using Pytti.Scenes.Tests.Corpus;

namespace Pytti.Scenes.Tests.Hydra;

/// <summary>Hydra composition as <c>python -m pytti.workhorse conf=NAME key=value</c> does it (reference 1.1).</summary>
public class HydraCompositionTests
{
    private const string Default = """
        defaults:
          - _self_
          - conf: _empty
        scenes: ???
        steps_per_scene: 100
        steps_per_frame: 50
        save_every: ${steps_per_frame}
        seed: 7
        """;

    private static TempScene Config(string demo = "# @package _global_\nscenes: a cat\nsteps_per_frame: 10\n")
    {
        var temp = new TempScene();
        temp.Write("config/default.yaml", Default);
        temp.Write("config/conf/demo.yaml", demo);
        return temp;
    }

    [Fact]
    public void An_override_file_in_conf_composes_with_default_yaml()
    {
        using var temp = Config();
        var result = temp.Load("config/conf/demo.yaml");
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.Equal("a cat", result.Document!.Values.Scenes);
        Assert.Equal(100, result.Document.Values.StepsPerScene);
        Assert.Equal(10, result.Document.Values.SaveEvery);
    }

    [Fact]
    public void Conf_selection_and_key_value_overrides_compose_on_default_yaml()
    {
        using var temp = Config();
        var document = temp.Load("config/default.yaml", "conf=demo", "steps_per_scene=30", "scenes=\" \"").GetOrThrow();
        Assert.Equal(" ", document.Values.Scenes);
        Assert.Equal(30, document.Values.StepsPerScene);
        Assert.Single(document.Scenes);
    }

    [Fact]
    public void Default_yaml_alone_keeps_scenes_required()
    {
        using var temp = Config();
        var errors = temp.Load("config/default.yaml").Diagnostics.Select(d => d.ToString());
        Assert.Equal(["config/default.yaml(4,9): error PYTTI012: 'scenes' is '???' (OmegaConf's 'value required'); write the value"], errors);
    }

    [Fact]
    public void A_missing_option_is_located_at_the_override_with_a_suggestion()
    {
        using var temp = Config();
        var errors = temp.Load("config/default.yaml", "conf=dmeo").Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Contains("<override>(1,6): error PYTTI018: config group 'conf' has no option 'dmeo'; did you mean 'demo'?", errors);
    }

    [Fact]
    public void An_override_file_without_the_global_package_line_is_reported()
    {
        using var temp = Config("scenes: a cat\n");
        var errors = temp.Load("config/conf/demo.yaml").Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Equal(["config/conf/demo.yaml(1,1): error PYTTI018: 'config/conf/demo.yaml' must start with the line '# @package _global_' (without it Hydra puts its keys under 'conf' and PyTTI ignores them)"], errors);
    }

    /// <summary>default.yaml's <c>save_every: ${steps_per_frame}</c> takes the bad value too, and says so where it was written.</summary>
    [Fact]
    public void Errors_in_composed_and_interpolated_files_keep_their_own_location()
    {
        using var temp = Config("# @package _global_\nscenes: a cat\nsteps_per_frame: ten\n");
        var errors = temp.Load("config/conf/demo.yaml").Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Equal(["config/conf/demo.yaml(3,18): error PYTTI009: 'steps_per_frame' must be a whole number >= 1, not 'ten'",
            "config/conf/demo.yaml(3,18): error PYTTI009: 'save_every' must be a whole number >= 0, not 'ten'"], errors);
    }

    [Fact]
    public void A_new_group_is_added_as_hydra_plus_group_does()
    {
        using var temp = Config();
        temp.Write("config/perceptor/RN50.yaml", "# @package _global_\nViTB32: false\nRN50: true\n");
        var document = temp.Load("config/conf/demo.yaml", "+perceptor=RN50").GetOrThrow();
        Assert.Equal(["RN50"], document.Perceptors);
    }

    [Fact]
    public void Pytti_cores_shipped_demo_composes_with_its_default_yaml()
    {
        var document = SceneLoader.Load(PeerConfigs.PathOf("core/hydra/config/conf/demo.yaml"), new SceneLoadOptions { WorkingDirectory = PeerConfigs.Root }).GetOrThrow();
        Assert.Equal("Limited Palette", document.Values.ImageModel);
        Assert.Equal("3D", document.Values.AnimationMode);
        Assert.Equal(3, document.Values.SaveEvery);
        Assert.Equal("-4854551145582748953", document.Values.Seed);
        Assert.Single(document.Scenes);
    }
}
