using System.Text.Json;
using Pytti.Cli;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti explain</c> on scene files in a temporary folder (the working directory of the run).</summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pytti-explain-cli", Guid.NewGuid().ToString("N"));

    private const string Scene =
        "scenes: 'a cat:1 + t | a dog:2_r || sunset'\nsteps_per_scene: 10\nsteps_per_frame: 5\npre_animation_steps: 0\nanimation_mode: 2D\ntranslate_x: 10*t\n";

    public ExplainCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(_root, args);

    private void Write(string name, string yaml) => File.WriteAllText(Path.Combine(_root, name), yaml);

    [Fact]
    public void Json_lists_settings_scenes_plan_and_frame_values()
    {
        Write("s.pytti.yaml", Scene);
        var (exit, output, error) = Run("explain", "s.pytti.yaml", "--json", "--frames", "1..2");
        Assert.Equal((PyttiApp.ExitOk, ""), (exit, error));
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("pytti-explain/1", root.GetProperty("format").GetString());
        Assert.Equal("s.pytti.yaml", root.GetProperty("file").GetString());
        var width = root.GetProperty("settings").GetProperty("width");
        Assert.Equal((512, true, JsonValueKind.Null), (width.GetProperty("value").GetInt32(), width.GetProperty("default").GetBoolean(), width.GetProperty("source").ValueKind));
        Assert.Equal("s.pytti.yaml(6,14)", root.GetProperty("settings").GetProperty("translate_x").GetProperty("source").GetString());
        Assert.Equal("10*t", root.GetProperty("settings").GetProperty("translate_x").GetProperty("value").GetString());
        var dog = root.GetProperty("scenes")[0].GetProperty("prompts")[1];
        Assert.Equal(("a dog", "2", "right"), (dog.GetProperty("text").GetString(), dog.GetProperty("weight").GetString(), dog.GetProperty("mask").GetString()));
        Assert.Equal(4, root.GetProperty("plan").GetProperty("frames").GetArrayLength());
        var frames = root.GetProperty("frames");
        Assert.Equal(2, frames.GetArrayLength());
        Assert.Equal(1, frames[0].GetProperty("frame").GetProperty("index").GetInt32());
        Assert.Equal(10.0 * 5 / 60, frames[0].GetProperty("motion").GetProperty("translate_x").GetDouble(), 12);
    }

    [Fact]
    public void Json_output_is_stable_and_sorted()
    {
        Write("s.pytti.yaml", Scene);
        Write("t.pytti.yaml", "translate_x: '10 * t'\nanimation_mode: 2D\npre_animation_steps: 0\nsteps_per_frame: 5\nsteps_per_scene: 10\nscenes: 'a cat:1 + t | a dog:2_r || sunset'\n");
        var first = Run("explain", "s.pytti.yaml", "--json").Out;
        Assert.Equal(first, Run("explain", "s.pytti.yaml", "--json").Out);
        using var json = JsonDocument.Parse(first);
        var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        var frames = (string s) => JsonDocument.Parse(s).RootElement.GetProperty("frames").GetRawText();
        Assert.Equal(frames(first), frames(Run("explain", "t.pytti.yaml", "--json").Out));
    }

    [Fact]
    public void Overrides_change_the_effective_values()
    {
        Write("s.pytti.yaml", Scene);
        var (exit, output, _) = Run("explain", "s.pytti.yaml", "--json", "--set", "steps_per_scene=20", "--set", "width=64");
        Assert.Equal(PyttiApp.ExitOk, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(40, json.RootElement.GetProperty("plan").GetProperty("total_steps").GetInt32());
        Assert.Equal("<override>(2,7)", json.RootElement.GetProperty("settings").GetProperty("width").GetProperty("source").GetString());
    }

    [Fact]
    public void Text_output_marks_defaults_and_shows_frame_values()
    {
        Write("s.pytti.yaml", Scene);
        var (exit, output, _) = Run("explain", "s.pytti.yaml", "--frames", "1");
        Assert.Equal(PyttiApp.ExitOk, exit);
        Assert.Contains("File: s.pytti.yaml", output);
        Assert.Matches(@"│ width\s+│ 512\s+│ \(default\)\s+│", output);
        Assert.Matches(@"│ display_every\s+│ 50\s+│ \(default\) \(unused\)\s+│", output);
        Assert.Contains("  text \"a dog\"  weight 2  stop -inf  mask right", output);
        Assert.Contains("Plan: 2 scene(s), 20 steps, 4 frame(s)", output);
        Assert.Contains("Frame 1: steps 5..9, boundary 5, scene 0", output);
        Assert.Contains("  translate_x = 0.8333333333333333", output);
        Assert.Contains("  scene 0 prompt 0: weight = [1.0833333333333333, 1.1, 1.1166666666666667, 1.1333333333333333, 1.15], stop = -inf", output);
        Assert.DoesNotContain("Frame 2:", output);
    }

    [Fact]
    public void Errors_go_to_standard_error_with_exit_code_1()
    {
        Write("bad.pytti.yaml", "scenes: 'cat:'\nwidht: 3\n");
        var (exit, output, error) = Run("explain", "bad.pytti.yaml");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Equal("", output);
        Assert.Equal(
            "bad.pytti.yaml(1,14): error PYTTI021: empty weight after ':'\n" +
            "bad.pytti.yaml(2,1): error PYTTI005: unknown parameter 'widht'; did you mean 'width'?\n",
            error.Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("3..1")]
    [InlineData("a..b")]
    [InlineData("-1")]
    public void Bad_frame_range_is_a_user_error(string range)
    {
        Write("s.pytti.yaml", Scene);
        var (exit, _, error) = Run("explain", "s.pytti.yaml", "--frames", range);
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains($"pytti: error PYTTI040: --frames '{range}' must look like A..B, A.., ..B or A with 0 <= A <= B", error);
    }

    [Fact]
    public void Frame_range_outside_the_plan_is_a_user_error()
    {
        Write("s.pytti.yaml", Scene);
        var (exit, _, error) = Run("explain", "s.pytti.yaml", "--frames", "4..");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("pytti: error PYTTI040: --frames '4..' is outside the plan, which has 4 frame(s) (0..3)", error);
    }

    /// <summary>Losses that cannot act (flow without motion, an init loss without an init image) are not listed.</summary>
    [Theory]
    [InlineData("off", false, "")]
    [InlineData("off", true, "direct_init,direct_stabilization,semantic_init")]
    [InlineData("2D", false, "direct_stabilization")]
    [InlineData("3D", false, "direct_stabilization,flow_stabilization")]
    public void Json_losses_are_those_that_can_act(string mode, bool initImage, string expected)
    {
        var init = initImage ? $"init_image: '{Pytti.Testing.SharedFixtures.Path("peer-configs", "core", "asset.jpg")}'\n" : "";
        Write("l.pytti.yaml", "scenes: a cat\nsteps_per_scene: 10\nsteps_per_frame: 5\n" + init + $"animation_mode: {mode}\n" +
            "direct_init_weight: 1\nsemantic_init_weight: '0.5'\ndirect_stabilization_weight: 2\nflow_stabilization_weight: 3\n");
        var (exit, output, error) = Run("explain", "l.pytti.yaml", "--json", "--frames", "0");
        Assert.True(exit == 0, error);
        var losses = JsonDocument.Parse(output).RootElement.GetProperty("losses");
        Assert.Equal(expected, string.Join(",", losses.EnumerateObject().Select(p => p.Name)));
        if (expected.Length > 0) Assert.Equal("2", losses.GetProperty("direct_stabilization").GetProperty("weight").GetString());
    }
}
