namespace Pytti.Scenes.Tests.Yaml;

/// <summary>Malformed scenes spread over <c>extends:</c> chains and overrides: each error lands in the right file.</summary>
public class MalformedSceneChainTests
{
    /// <summary>Files separated by <c>=== name</c> lines; the first is loaded; overrides after <c>--set</c>.</summary>
    public static TheoryData<string, string[], string> Cases => new()
    {
        { "=== scene.pytti.yaml\nextends: base.pytti.yaml\nscenes: a\n=== base.pytti.yaml\nwidht: 3\n", [],
          "base.pytti.yaml(1,1): error PYTTI005: unknown parameter 'widht'; did you mean 'width'?" },
        { "=== scene.pytti.yaml\nextends: base.pytti.yaml\n=== base.pytti.yaml\nscene_prefix: 'a:'\nscenes: b\n", [],
          "base.pytti.yaml(2,9): error PYTTI031: weight 'b': unknown name 'b'; variables here: t" },
        { "=== scene.pytti.yaml\nextends: [base.pytti.yaml, nope.pytti.yaml]\nscenes: a\n=== base.pytti.yaml\nwidth: 64\n", [],
          "scene.pytti.yaml(1,28): error PYTTI002: scene file 'nope.pytti.yaml' does not exist" },
        { "=== scene.pytti.yaml\nextends: base.pytti.yaml\nscenes: a\n=== base.pytti.yaml\nwidth: [1\n", [],
          "base.pytti.yaml(2,1): error PYTTI001: while parsing a flow sequence, did not find expected ',' or ']'" },
        { "=== scene.pytti.yaml\nextends: base.pytti.yaml\nscenes: a\n=== base.pytti.yaml\n- width\n", [],
          "base.pytti.yaml(1,1): error PYTTI003: a scene file must be a mapping of 'key: value' lines, not a list" },
        { "=== scene.pytti.yaml\nextends: sub/base.pytti.yaml\nscenes: a\n=== sub/base.pytti.yaml\nextends: ../scene.pytti.yaml\n", [],
          "sub/base.pytti.yaml(1,10): error PYTTI006: 'scene.pytti.yaml' extends itself: scene.pytti.yaml -> sub/base.pytti.yaml -> scene.pytti.yaml" },
        { "=== scene.pytti.yaml\nscenes: a\ncutouts: 10\n=== unused.pytti.yaml\n", ["gradient_accumulation_steps=3"],
          "<override>(1,29): error PYTTI015: 'gradient_accumulation_steps' (3) must divide 'cutouts' (10)" },
        { "=== scene.pytti.yaml\nscenes: a\n", ["perceptors=[RN51]"],
          "<override>(1,13): error PYTTI016: unknown perceptor 'RN51'; did you mean 'RN50'?; use one of: RN50, RN101, RN50x4, RN50x16, RN50x64, ViTB32, ViTB16, ViTL14, ViTL14_336px, ViT-B-32--laion2b_s34b_b79k, or a checkpoint path" },
        { "=== scene.pytti.yaml\nscenes: a\n", ["perceptors=[RN50"],
          "<override>(2,1): error PYTTI001: while parsing a flow sequence, did not find expected ',' or ']'" },
        { "=== scene.pytti.yaml\nscenes: a\n", ["animation_mode=3D", "translate_z_3d=mu *"],
          "<override>(2,20): error PYTTI030: 'translate_z_3d' 'mu *': the expression ends too early" },
        { "=== scene.pytti.yaml\nextends: base.pytti.yaml\nscenes: a\nwidth: -1\n=== base.pytti.yaml\nheight: -1\n", [],
          "scene.pytti.yaml(3,8): error PYTTI015: 'width' and 'height' cannot both be -1; give one of them" },
        { "=== scene.pytti.yaml\nextends: base.pytti.yaml\nscenes: 'a:t +'\n=== base.pytti.yaml\nsteps_per_scene: none\n", [],
          "base.pytti.yaml(1,18): error PYTTI009: 'steps_per_scene' must be a whole number >= 1, not 'none'\nscene.pytti.yaml(2,15): error PYTTI030: weight 't +': the expression ends too early" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Errors_land_in_the_right_file(string files, string[] overrides, string expected)
    {
        using var temp = new TempScene();
        string? first = null;
        foreach (var block in files.Split("=== ", StringSplitOptions.RemoveEmptyEntries))
        {
            var newline = block.IndexOf('\n');
            var name = block[..newline];
            temp.Write(name, block[(newline + 1)..]);
            first ??= name;
        }
        var result = temp.Load(first!, overrides);
        Assert.False(result.Success);
        Assert.Equal(expected.Replace("/", Path.DirectorySeparatorChar.ToString()), string.Join("\n", result.Diagnostics));
    }
}
