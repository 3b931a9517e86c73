using Pytti.Scenes.Dsl;

namespace Pytti.Scenes.Tests.Yaml;

/// <summary><c>extends:</c>, overrides, relative paths and locations across files.</summary>
public class SceneFileTests
{
    [Fact]
    public void Extends_applies_bases_in_order_then_the_file()
    {
        using var temp = new TempScene();
        temp.Write("base/a.pytti.yaml", "width: 100\nheight: 100\nsteps_per_scene: 10\n");
        temp.Write("base/b.pytti.yaml", "height: 200\ncutouts: 20\n");
        temp.Write("scene.pytti.yaml", "extends: [base/a.pytti.yaml, base/b.pytti.yaml]\nscenes: a\ncutouts: 30\n");
        var doc = temp.Load("scene.pytti.yaml").GetOrThrow();
        Assert.Equal((100, 200, 10, 30), (doc.Values.Width, doc.Values.Height, doc.Values.StepsPerScene, doc.Values.Cutouts));
        Assert.Equal(Path.Combine("base", "b.pytti.yaml"), doc.Settings["height"].Location!.File);
        Assert.Equal(1, doc.Settings["height"].Location!.Line);
    }

    [Fact]
    public void Extends_chains_resolve_relative_to_each_file()
    {
        using var temp = new TempScene();
        temp.Write("lib/root.pytti.yaml", "init_image: pics/init.png\n");
        temp.Write("lib/mid.pytti.yaml", "extends: root.pytti.yaml\nwidth: 64\n");
        temp.Write("scene.pytti.yaml", "extends: lib/mid.pytti.yaml\nscenes: '[img/cat.png]'\n");
        var doc = temp.Load("scene.pytti.yaml").GetOrThrow();
        Assert.Equal(Path.Combine(temp.Folder, "lib", "pics", "init.png"), doc.Values.InitImage);
        Assert.Equal(Path.Combine(temp.Folder, "img", "cat.png"), doc.Scenes[0].Prompts[0].Target);
        Assert.Equal(64, doc.Values.Width);
    }

    [Fact]
    public void Overrides_win_over_files()
    {
        using var temp = new TempScene();
        temp.Write("scene.pytti.yaml", "scenes: a\nwidth: 100\n");
        var doc = temp.Load("scene.pytti.yaml", "width=300", "scenes=b | c:2", "perceptors=[RN50]", "init_image=x.png").GetOrThrow();
        Assert.Equal(300, doc.Values.Width);
        Assert.Equal(["b", "c"], doc.Scenes[0].Prompts.Select(p => p.Target));
        Assert.Equal(["RN50"], doc.Perceptors);
        Assert.Equal(Path.Combine(temp.Folder, "x.png"), doc.Values.InitImage);
        Assert.Equal("<override>", doc.Settings["width"].Location!.File);
    }

    [Fact]
    public void Override_errors_point_into_the_override()
    {
        Assert.Equal(
        [
            "<override>(1,7): error PYTTI009: 'width' must be a whole number from -1 to 65536, not 'wide'",
            "<override>(2,1): error PYTTI008: override 'oops' must look like key=value",
            "<override>(3,1): error PYTTI005: unknown parameter 'heigth'; did you mean 'height'?",
            "<override>(4,14): error PYTTI021: empty weight after ':'",
        ], TempScene.Errors("scenes: a\n", "width=wide", "oops", "heigth=3", "scenes=a | b:"));
    }

    [Fact]
    public void Scalar_extends_and_anchor_aliases()
    {
        using var temp = new TempScene();
        temp.Write("base.pytti.yaml", "steps_per_scene: &n 20\nsteps_per_frame: *n\n");
        temp.Write("scene.pytti.yaml", "extends: base.pytti.yaml\nscenes: a\n");
        var doc = temp.Load("scene.pytti.yaml").GetOrThrow();
        Assert.Equal((20, 20), (doc.Values.StepsPerScene, doc.Values.StepsPerFrame));
    }

    [Fact]
    public void Block_scalars_and_multiline_scenes()
    {
        var doc = TempScene.Document("scenes: |\n  a cat | a dog\n  || sunset:2\n");
        Assert.Equal(2, doc.Scenes.Count);
        Assert.Equal("2", doc.Scenes[1].Prompts[0].Weight.Text);
    }

    [Fact]
    public void Block_scalar_errors_land_on_their_line()
    {
        Assert.Equal(["scene.pytti.yaml(3,13): error PYTTI021: empty weight after ':'"],
            TempScene.Errors("scenes: |\n  a cat | a dog\n  || sunset:\n"));
    }

    [Fact]
    public void Hydra_package_comment_is_ignored() =>
        Assert.True(TempScene.LoadText("# @package _global_\nscenes: a\n").Success);

    [Fact]
    public void Paths_in_prompts_and_masks_are_relative_to_their_file()
    {
        using var temp = new TempScene();
        temp.Write("styles/style.pytti.yaml", "scene_prefix: '[ref.png]:0.5 | '\n");
        temp.Write("scene.pytti.yaml", "extends: styles/style.pytti.yaml\nscenes: 'cat:1_[masks/m.png]'\ndirect_image_prompts: d.png\n");
        var doc = temp.Load("scene.pytti.yaml").GetOrThrow();
        var prompts = doc.Scenes[0].Prompts;
        Assert.Equal(Path.Combine(temp.Folder, "styles", "ref.png"), prompts[0].Target);
        Assert.Equal(Path.Combine(temp.Folder, "masks", "m.png"), prompts[1].Mask.Target);
        Assert.Equal(MaskKind.Image, prompts[1].Mask.Kind);
        Assert.Equal(Path.Combine(temp.Folder, "d.png"), doc.DirectPrompts[0].Path);
    }

    [Fact]
    public void Loss_weights_are_parsed()
    {
        var doc = TempScene.Document("scenes: a\ninit_image: i.png\ndirect_init_weight: 0.5_-m.png:0.1\nsemantic_init_weight: '2'\nedge_stabilization_weight: '0'\nflow_stabilization_weight: 1\n");
        Assert.Equal(("0.5", true, "0.1"), (doc.Losses.DirectInit!.Weight.Text, doc.Losses.DirectInit.Mask.Inverted, doc.Losses.DirectInit.Stop.Text));
        Assert.Equal("2", doc.Losses.SemanticInit!.Weight.Text);
        Assert.Null(doc.Losses.EdgeStabilization);
        Assert.Equal("1", doc.Losses.FlowStabilization!.Weight.Text);
    }

    [Fact]
    public void Missing_root_file()
    {
        using var temp = new TempScene();
        var result = temp.Load("nope.pytti.yaml");
        Assert.Equal(["nope.pytti.yaml: error PYTTI002: scene file 'nope.pytti.yaml' does not exist"], result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Extends_cycle_is_reported_where_it_closes()
    {
        using var temp = new TempScene();
        temp.Write("a.pytti.yaml", "extends: b.pytti.yaml\nscenes: a\n");
        temp.Write("b.pytti.yaml", "extends: a.pytti.yaml\nwidth: 64\n");
        var result = temp.Load("a.pytti.yaml");
        Assert.Equal(["b.pytti.yaml(1,10): error PYTTI006: 'a.pytti.yaml' extends itself: a.pytti.yaml -> b.pytti.yaml -> a.pytti.yaml"], result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Errors_in_base_files_carry_their_file()
    {
        using var temp = new TempScene();
        temp.Write("base.pytti.yaml", "cutouts: many\n");
        temp.Write("scene.pytti.yaml", "extends: base.pytti.yaml\nscenes: a\n");
        Assert.Equal(["base.pytti.yaml(1,10): error PYTTI009: 'cutouts' must be a whole number >= 1, not 'many'"], temp.Load("scene.pytti.yaml").Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Overriding_a_bad_value_fixes_it()
    {
        using var temp = new TempScene();
        temp.Write("scene.pytti.yaml", "scenes: a\ncutouts: many\n");
        Assert.True(temp.Load("scene.pytti.yaml", "cutouts=8").Success);
    }

    [Fact]
    public void Prefix_errors_are_reported_once_not_per_scene() =>
        Assert.Equal(["scene.pytti.yaml(1,22): error PYTTI021: empty weight after ':'"],
            TempScene.Errors("scene_prefix: 'style: | '\nscenes: a || b || c\n"));

    [Fact]
    public void Extends_cannot_be_overridden() =>
        Assert.Equal(["<override>(1,1): error PYTTI008: 'extends' cannot be overridden; name the base files in the scene file"],
            TempScene.Errors("scenes: a\n", "extends=base.pytti.yaml"));

    [Fact]
    public void Deep_yaml_is_an_error_not_a_stack_overflow()
    {
        var errors = TempScene.Errors("scenes: a\nmmc_models: " + new string('[', 5000) + new string(']', 5000) + "\n");
        Assert.Equal(["scene.pytti.yaml(2,76): error PYTTI001: the YAML is nested more than 64 levels deep"], errors);
    }

    [Fact]
    public void Diamond_extends_is_not_a_cycle()
    {
        using var temp = new TempScene();
        temp.Write("d.pytti.yaml", "width: 64\n");
        temp.Write("b.pytti.yaml", "extends: d.pytti.yaml\nheight: 32\n");
        temp.Write("c.pytti.yaml", "extends: d.pytti.yaml\ncutouts: 8\n");
        temp.Write("a.pytti.yaml", "extends: [b.pytti.yaml, c.pytti.yaml]\nscenes: a\n");
        var values = temp.Load("a.pytti.yaml").GetOrThrow().Values;
        Assert.Equal((64, 32, 8), (values.Width, values.Height, values.Cutouts));
    }

    [Fact]
    public void Empty_file_only_misses_scenes() =>
        Assert.Equal(["scene.pytti.yaml(1,1): error PYTTI012: 'scenes' is required, for example: scenes: 'a cat | a dog:2 || a sunset'"],
            TempScene.Errors(""));

    [Fact]
    public void Scenes_can_come_from_an_override_only() =>
        Assert.Equal(["a cat"], TempScene.Document("", "scenes=a cat").Scenes[0].Prompts.Select(p => p.Target));
}
