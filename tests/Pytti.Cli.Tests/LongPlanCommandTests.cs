using System.Text.Json;
using Pytti.Cli;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// Issue 13's last values, as a user meets them: <c>steps_per_scene: 3000000000</c> (a Python int in PyTTI) is checked,
/// explained and planned exactly, and refused by render and plan with a located error instead of being keyed for hours;
/// <c>frames_per_second: 29.97</c> gives PyTTI's <c>t</c>. The corpus files are read in place (check and explain write nothing).
/// </summary>
public sealed class LongPlanCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-long-plan-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static (int Exit, string Out, string Error) InCorpus(params string[] args) => CliRun.Run(SharedFixtures.Path("peer-configs"), args);

    [Fact]
    public void Check_accepts_three_billion_steps_and_says_how_far_it_evaluated()
    {
        var (exit, output, error) = InCorpus("check", "min/big_steps.pytti.yaml");
        Assert.True(exit == PyttiApp.ExitOk, output + error);
        Assert.Equal("min/big_steps.pytti.yaml: ok (1 scenes, 3000000000 steps, 59999999 frames); expressions evaluated over its first 10000000 steps "
            + "(t < 16666.583333333332 s); too long to render or plan here (at most 10000000 steps and 250000 frames)\n", output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Explain_json_shows_the_count_and_the_last_frame_exactly()
    {
        var (exit, output, error) = InCorpus("explain", "min/D1b_int32_steps.pytti.yaml", "--json", "--frames", "59999998");
        Assert.True(exit == PyttiApp.ExitOk, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3_000_000_000L, report.GetProperty("settings").GetProperty("steps_per_scene").GetProperty("value").GetInt64());
        var plan = report.GetProperty("plan");
        Assert.Equal((3_000_000_000L, 59_999_999L), (plan.GetProperty("total_steps").GetInt64(), plan.GetProperty("frame_count").GetInt64()));
        var last = Assert.Single(plan.GetProperty("frames").EnumerateArray().ToList());
        Assert.Equal((59_999_998L, 2_999_999_950L, 3_000_000_000L, 2_999_999_950L),
            (last.GetProperty("index").GetInt64(), last.GetProperty("first_step").GetInt64(), last.GetProperty("end_step").GetInt64(), last.GetProperty("boundary_step").GetInt64()));
        Assert.Equal(2_999_999_900.0 / 600, last.GetProperty("t").GetDouble());   // (i - pre) / (spf * fps), exact
        var frame = Assert.Single(report.GetProperty("frames").EnumerateArray().ToList()).GetProperty("frame");
        Assert.Equal(2_999_999_950L, frame.GetProperty("first_step").GetInt64());
    }

    [Fact]
    public void Explain_of_a_plan_too_long_to_list_asks_for_a_frame_range()
    {
        var (exit, output, error) = InCorpus("explain", "min/big_steps.pytti.yaml", "--json");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Empty(output);
        Assert.Contains("pytti: error PYTTI040: min/big_steps.pytti.yaml plans 59999999 frames, more than explain shows at once (250000); choose some with --frames A..B", error);
    }

    [Fact]
    public void Plan_and_render_refuse_a_render_too_long_to_key_at_steps_per_scene_and_write_nothing()
    {
        var scene = Path.Combine(_dir.FullName, "s.pytti.yaml");
        File.WriteAllText(scene, "scenes: a cat\nsteps_per_scene: 3000000000\n");
        var cache = Path.Combine(_dir.FullName, "cache");
        var output = Path.Combine(_dir.FullName, "out");
        foreach (var args in new[] { new[] { "plan", scene, "--cache", cache }, ["render", scene, "--offline", "--cache", cache, "-o", output] })
        {
            var (exit, stdout, error) = CliRun.Run(_dir.FullName, args);
            Assert.Equal(PyttiApp.ExitUserError, exit);
            Assert.Contains("s.pytti.yaml(2,18): error PYTTI043: the render has 3000000000 steps in 59999999 frames; render and plan key every frame "
                + "before they start, at most 10000000 steps and 250000 frames: lower 'steps_per_scene' (or raise 'steps_per_frame')", stdout + error);
        }
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_fractional_frame_rate_gives_pyttis_t()
    {
        var (exit, output, error) = InCorpus("explain", "min/fps_float.pytti.yaml", "--json",
            "--set", "steps_per_scene=40", "--set", "steps_per_frame=10", "--set", "pre_animation_steps=5");
        Assert.True(exit == PyttiApp.ExitOk, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(29.97, report.GetProperty("settings").GetProperty("frames_per_second").GetProperty("value").GetDouble());
        var times = report.GetProperty("plan").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("t").GetDouble()).ToList();
        Assert.Equal([0, 0.033366700033366704, 0.06673340006673341, 0.1001001001001001], times);   // Python: (i - 5) / (10 * 29.97) at i = 5, 15, 25, 35
        var first = report.GetProperty("frames")[0].GetProperty("schedule").GetProperty("t");
        Assert.Equal(-0.016683350016683352, first[0].GetDouble());   // step 0: (0 - 5) / (10 * 29.97)
    }
}
