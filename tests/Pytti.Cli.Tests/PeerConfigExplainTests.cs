using System.Text.Json;
using Pytti.Cli;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// <c>pytti explain --json</c> on real PyTTI configurations (<c>../shared/peer-configs</c>, read in place:
/// explain writes nothing): the values PyTTI means for a Scene DSL example, an audio-reactive one, a
/// 3D animation, a VQGAN one and a 2D one with stabilisation losses. Numbers are exact (no arithmetic
/// beyond parsing), so no tolerance is needed.
/// </summary>
public sealed class PeerConfigExplainTests
{
    private static JsonElement Explain(string file)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = PyttiApp.Run(["explain", file, "--json", "--frames", "0"], CliEnvironment.Capture(output, error, SharedFixtures.Path("peer-configs")));
        Assert.True(exit == 0, error.ToString());
        return JsonDocument.Parse(output.ToString()).RootElement;
    }

    private static JsonElement Value(JsonElement report, string name) => report.GetProperty("settings").GetProperty(name).GetProperty("value");

    private static List<(string Text, string Weight, string Stop)> Prompts(JsonElement report) =>
        report.GetProperty("scenes")[0].GetProperty("prompts").EnumerateArray()
            .Select(p => (p.GetProperty("text").GetString()!, p.GetProperty("weight").GetString()!, p.GetProperty("stop").GetString()!)).ToList();

    [Fact]
    public void Scene_dsl_weights_and_stops_are_read_as_pytti_reads_them()
    {
        var report = Explain("book/scenedsl_ex4.pytti.yaml");   // 'Feathered dinosaurs|birds:1:0.87|scales:-1:-.9|text:-1:-.9'
        Assert.Equal([("Feathered dinosaurs", "1", "-inf"), ("birds", "1", "0.87"), ("scales", "-1", "-.9"), ("text", "-1", "-.9")], Prompts(report));
        var frame = report.GetProperty("frames")[0].GetProperty("scenes").GetProperty("0");
        Assert.Equal(0.87, frame[1].GetProperty("stop").GetDouble());
        Assert.Equal(-1, frame[2].GetProperty("weight").GetDouble());
        Assert.Equal(["ViTB32"], report.GetProperty("perceptors").EnumerateArray().Select(p => p.GetString()));   // PyTTI's default perceptor
        Assert.Empty(report.GetProperty("losses").EnumerateObject());
    }

    [Fact]
    public void Audio_filters_become_variables_of_the_prompt_weights()
    {
        var report = Explain("book/settings_audio_fixed.pytti.yaml");
        Assert.Equal("source.mp3", Value(report, "input_audio").GetString());
        Assert.Equal(30, Value(report, "frames_per_second").GetInt32());
        var filters = Value(report, "input_audio_filters").EnumerateArray().ToList();
        Assert.Equal(("fLo", 105, 65, 5), (filters[0].GetProperty("variable_name").GetString(), filters[0].GetProperty("f_center").GetInt32(),
            filters[0].GetProperty("f_width").GetInt32(), filters[0].GetProperty("order").GetInt32()));
        Assert.Equal(("fHi", 900, 600), (filters[1].GetProperty("variable_name").GetString(), filters[1].GetProperty("f_center").GetInt32(), filters[1].GetProperty("f_width").GetInt32()));
        var prompts = report.GetProperty("frames")[0].GetProperty("scenes").GetProperty("0");
        Assert.Equal(7, prompts.GetArrayLength());
        Assert.Equal(2, prompts[0].GetProperty("weight").GetDouble());
        Assert.Equal("(10 * fHi)", prompts[1].GetProperty("weight").GetProperty("expression").GetString());   // evaluated per step from the audio
        Assert.Equal("(fLo / (fLo + fHi))", prompts[5].GetProperty("weight").GetProperty("expression").GetString());
    }

    [Fact]
    public void A_3d_animation_plans_frames_after_the_pre_animation_steps()
    {
        var report = Explain("core/test_rough_e2e_anim_3D.pytti.yaml");   // 30 steps, 3 per frame, 2 before the animation
        Assert.Equal("3D", Value(report, "animation_mode").GetString());
        Assert.Equal("Limited Palette", Value(report, "image_model").GetString());
        Assert.Equal("12345", Value(report, "seed").GetString());
        var plan = report.GetProperty("plan");
        Assert.Equal(30, plan.GetProperty("total_steps").GetInt32());
        Assert.Equal(10, plan.GetProperty("frames").GetArrayLength());
        var first = plan.GetProperty("frames")[0];
        Assert.Equal((0, 2, 5), (first.GetProperty("first_step").GetInt32(), first.GetProperty("boundary_step").GetInt32(), first.GetProperty("end_step").GetInt32()));
        var motion = report.GetProperty("frames")[0].GetProperty("motion");
        Assert.Equal([1.0, 0, 0, 0], motion.GetProperty("rotate_3d").EnumerateArray().Select(v => v.GetDouble()));   // identity quaternion
        Assert.Equal(0, motion.GetProperty("translate_z_3d").GetDouble());
    }

    [Fact]
    public void A_vqgan_config_names_its_model_and_keeps_the_device_it_asks_for()
    {
        var report = Explain("core/test_device_vqgan.pytti.yaml");
        Assert.Equal("VQGAN", Value(report, "image_model").GetString());
        Assert.Equal("sflckr", Value(report, "vqgan_model").GetString());
        Assert.True(report.GetProperty("settings").GetProperty("vqgan_model").GetProperty("matters").GetBoolean());
        Assert.Equal("cuda:1", Value(report, "device").GetString());
        Assert.Equal([("a photograph of an apple", "1", "-inf")], Prompts(report));
    }

    [Fact]
    public void Stabilisation_losses_of_a_2d_animation_act_and_the_suffix_is_glued_to_the_scene()
    {
        var report = Explain("book/perm_stability_modes.pytti.yaml");
        Assert.Equal(
            [("a photograph of a bright and beautiful spring day, by Trey Ratcliff", "1", "-inf"), ("text", "-1", "-.9"), ("watermark", "-1", "-.9")],
            Prompts(report));
        var losses = report.GetProperty("losses");
        Assert.Equal("0.5", losses.GetProperty("semantic_stabilization").GetProperty("weight").GetString());
        Assert.Equal("1.0", losses.GetProperty("edge_stabilization").GetProperty("weight").GetString());
        Assert.Equal("0.5", losses.GetProperty("depth_stabilization").GetProperty("weight").GetString());
        var motion = report.GetProperty("frames")[0].GetProperty("motion");
        Assert.Equal((-1, 3, 3), (motion.GetProperty("translate_x").GetDouble(), motion.GetProperty("zoom_x_2d").GetDouble(), motion.GetProperty("zoom_y_2d").GetDouble()));
    }
}
