using Pytti.Scenes.Explain;
using Pytti.Scenes.Planning;

namespace Pytti.Scenes.Tests.Planning;

/// <summary>
/// Step counts beyond 32 bits, as PyTTI's Python ints hold them (issue 13): read exactly, planned lazily,
/// checked over a bounded prefix, and refused with a located error only where a frame is too long to list.
/// </summary>
public class LongPlanTests
{
    [Fact]
    public void Three_billion_steps_are_planned_without_storing_a_frame()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var plan = new FramePlan(1, 3_000_000_000, 50, 50, 0, 12);
        var last = plan.Frames[plan.FrameCount - 1];
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((3_000_000_000L, 59_999_999L), (plan.TotalSteps, plan.FrameCount));   // boundaries 50, 100, ..., 2,999,999,950
        Assert.Equal(new FrameInfo(59_999_998, 2_999_999_950, 3_000_000_000, 2_999_999_950, 2_999_999_900.0 / 600, 0), last);
        Assert.Equal(last, plan.FrameOf(2_999_999_999));
        Assert.Equal(new StepInfo(2_999_999_999, 0, 2_999_999_999, 2_999_999_949.0 / 600, 1, 0, false), plan.Step(2_999_999_999));
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Counts_near_the_64_bit_limit_do_not_overflow()
    {
        var single = new FramePlan(1, long.MaxValue, long.MaxValue, 0, 0, 12);
        Assert.Equal(new FrameInfo(0, 0, long.MaxValue, 0, 0, 0), Assert.Single(single.Frames));
        var plan = new FramePlan(1, long.MaxValue, 3, 5, 0, 12);
        var last = plan.Frames[plan.FrameCount - 1];
        Assert.Equal((long.MaxValue, (long.MaxValue - 5 - 1) / 3 + 1), (last.EndStep, plan.FrameCount));
        Assert.True(last.StepCount is > 0 and <= 3);
        Assert.Throws<OverflowException>(() => new FramePlan(2, long.MaxValue, 3, 5, 0, 12));   // the loader reports this first (below)
    }

    [Fact]
    public void A_wide_step_count_is_read_exactly()
    {
        var doc = TempScene.Document("scenes: a\nsteps_per_scene: 3000000000\nsteps_per_frame: 4000000000\npre_animation_steps: 5000000000\n"
            + "interpolation_steps: 6000000000\nsave_every: 7000000000\nframe_stride: 8000000000\ncheckpoint_every: 9000000000\n");
        var v = doc.Values;
        Assert.Equal((3_000_000_000L, 4_000_000_000L, 5_000_000_000L, 6_000_000_000L), (v.StepsPerScene, v.StepsPerFrame, v.PreAnimationSteps, v.InterpolationSteps));
        Assert.Equal((7_000_000_000L, 8_000_000_000L, 9_000_000_000L), (v.SaveEvery, v.FrameStride, v.CheckpointEvery));
        Assert.Equal(3_000_000_000L, doc.Settings["steps_per_scene"].Value);
    }

    [Theory]
    [InlineData("steps_per_scene: .inf\n", "scene.pytti.yaml(2,18): error PYTTI009: 'steps_per_scene' must be a whole number >= 1, not '.inf'")]
    [InlineData("steps_per_scene: 9223372036854775808\n", "scene.pytti.yaml(2,18): error PYTTI010: 'steps_per_scene' must be a whole number >= 1, not '9223372036854775808'")]
    [InlineData("display_every: 9223372036854775808\n", "scene.pytti.yaml(2,16): error PYTTI010: 'display_every' must be a whole number >= 0, not '9223372036854775808'")]
    public void Step_counts_beyond_what_python_can_run_are_refused(string yaml, string error) =>
        Assert.Equal([error], TempScene.Errors("scenes: a\n" + yaml));

    [Fact]
    public void Scenes_times_steps_beyond_64_bits_is_a_located_error() =>
        Assert.Equal(["scene.pytti.yaml(2,18): error PYTTI010: 2 scenes of 'steps_per_scene' (4611686018427387904) steps are more steps than a render can count (2^63-1); lower 'steps_per_scene'"],
            TempScene.Errors("scenes: a || b\nsteps_per_scene: 4611686018427387904\n"));

    [Fact]
    public void Check_evaluates_the_first_ten_million_steps_of_a_longer_plan()
    {
        var check = Check("scenes: a\nsteps_per_scene: 3000000000\n");
        Assert.True(check.Success, string.Join("\n", check.Diagnostics));
        Assert.Equal(PlanLimits.MaxSteps, check.CheckedSteps);   // frames end at 100, 150, ...: the last one evaluated ends at step 10^7
        Assert.False(check.CheckedAll);
        Assert.NotNull(PlanLimits.RenderTooLong(check.Document!, check.Plan!));
    }

    [Fact]
    public void An_expression_error_inside_the_checked_steps_of_a_long_plan_is_found()
    {
        // t = 100 s is step 50 + 100 * 600: within the first 10^7 steps of 3·10^9.
        var check = Check("scenes: 'a:1/(t-100)'\nsteps_per_scene: 3000000000\n");
        var error = Assert.Single(check.Diagnostics);
        Assert.Equal("PYTTI034", error.Code);
        Assert.Contains("t=100", error.Message);
    }

    [Theory]
    [InlineData("steps_per_scene: 30000000\nsteps_per_frame: 20000000\n", "steps_per_frame", "(3,18)", 20_000_050)]
    [InlineData("steps_per_scene: 30000000\npre_animation_steps: 20000000\n", "pre_animation_steps", "(3,22)", 20_000_050)]
    public void A_frame_longer_than_check_can_list_is_a_located_error(string yaml, string setting, string at, long steps)
    {
        var error = Assert.Single(Check("scenes: a\n" + yaml).Diagnostics);
        Assert.Equal($"scene.pytti.yaml{at}: error PYTTI043: a frame would have {steps} steps; a frame's values are evaluated and keyed step by step, "
            + $"at most 1000000 steps per frame: lower '{setting}'", error.ToString());
    }

    [Fact]
    public void A_render_too_long_to_key_is_a_located_error_at_steps_per_scene()
    {
        var doc = TempScene.Document("scenes: a\nsteps_per_scene: 3000000000\n");
        Assert.Equal("scene.pytti.yaml(2,18): error PYTTI043: the render has 3000000000 steps in 59999999 frames; render and plan key every frame before they start, "
            + "at most 10000000 steps and 250000 frames: lower 'steps_per_scene' (or raise 'steps_per_frame')", PlanLimits.RenderTooLong(doc, FramePlan.For(doc))!.ToString());
        var frames = TempScene.Document("scenes: a\nsteps_per_scene: 300000\nsteps_per_frame: 1\n");   // few steps, too many frames to key
        Assert.Contains("the render has 300000 steps in 299950 frames", PlanLimits.RenderTooLong(frames, FramePlan.For(frames))!.Message);
        var fits = TempScene.Document("scenes: a\nsteps_per_scene: 10000000\n");
        Assert.Null(PlanLimits.RenderTooLong(fits, FramePlan.For(fits)));
    }

    private static SceneCheck Check(string yaml)
    {
        using var temp = new TempScene();
        temp.Write("scene.pytti.yaml", yaml);
        return SceneCheck.Run("scene.pytti.yaml", new SceneLoadOptions { WorkingDirectory = temp.Folder });
    }
}
