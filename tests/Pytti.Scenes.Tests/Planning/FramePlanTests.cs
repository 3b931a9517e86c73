using Pytti.Scenes.Planning;

namespace Pytti.Scenes.Tests.Planning;

/// <summary>Hand-computed schedules (reference 7.3, 7.4).</summary>
public class FramePlanTests
{
    [Fact]
    public void Default_settings_two_scenes()
    {
        // 2 scenes x 100 steps, steps_per_frame 50, pre 50, 12 fps: boundaries at 50, 100, 150.
        var plan = new FramePlan(2, 100, 50, 50, 0, 12);
        Assert.Equal(200, plan.TotalSteps);
        Assert.Equal(
        [
            new FrameInfo(0, 0, 100, 50, 0, 0),
            new FrameInfo(1, 100, 150, 100, 1.0 / 12, 1),
            new FrameInfo(2, 150, 200, 150, 2.0 / 12, 1),
        ], plan.Frames);
        Assert.Equal(-50.0 / 600, plan.Step(0).T, 15);
        Assert.Equal(0, plan.Step(50).T);
        Assert.Equal(75.0 / 600, plan.Step(125).T, 15); // (125 - 50) / (50 * 12)
        Assert.Equal((0, 99), (plan.Step(99).Scene, plan.Step(99).StepInScene));
        Assert.Equal((1, 0), (plan.Step(100).Scene, plan.Step(100).StepInScene));
    }

    [Fact]
    public void Boundaries_follow_pre_animation_and_steps_per_frame()
    {
        var plan = new FramePlan(2, 100, 50, 50, 0, 12);
        Assert.Equal([50, 100, 150], plan.Steps.Where(s => s.IsFrameBoundary).Select(s => s.Index));
        Assert.False(plan.Step(0).IsFrameBoundary);
        Assert.False(plan.Step(49).IsFrameBoundary);
    }

    [Fact]
    public void Interpolation_cross_fades_from_the_previous_scene()
    {
        // steps_per_scene 10, interpolation 4: tau = k/4 for k < 4.
        var plan = new FramePlan(2, 10, 5, 0, 4, 10);
        Assert.Equal(new StepInfo(10, 1, 0, 0.2, 0.0, 0, true), plan.Step(10)); // t = 10 / (5 * 10)
        Assert.Equal((0.5, 0), (plan.Step(12).Tau, plan.Step(12).PreviousScene));
        Assert.Equal((0.75, true), (plan.Step(13).Tau, plan.Step(13).IsInterpolating));
        Assert.Equal((1.0, false), (plan.Step(14).Tau, plan.Step(14).IsInterpolating));
        // Scene 0 "interpolates" with itself: a no-op, but the weights are as PyTTI computes them.
        Assert.Equal((0, 0.25, 0), (plan.Step(1).Scene, plan.Step(1).Tau, plan.Step(1).PreviousScene));
    }

    [Fact]
    public void Pytti_test_suite_schedule()
    {
        // tests/config: steps_per_scene 30, pre 2, steps_per_frame 3: boundaries 2, 5, ..., 29.
        var plan = new FramePlan(1, 30, 3, 2, 0, 12);
        Assert.Equal(10, plan.Frames.Count);
        Assert.Equal(new FrameInfo(0, 0, 5, 2, 0, 0), plan.Frames[0]);
        Assert.Equal(new FrameInfo(1, 5, 8, 5, 1.0 / 12, 0), plan.Frames[1]);
        Assert.Equal(new FrameInfo(9, 29, 30, 29, 9.0 / 12, 0), plan.Frames[9]);
        Assert.Equal(30, plan.Frames.Sum(f => f.StepCount));
    }

    [Fact]
    public void No_pre_animation()
    {
        var plan = new FramePlan(1, 10, 3, 0, 0, 12);
        Assert.Equal([(0, 3), (3, 6), (6, 9), (9, 10)], plan.Frames.Select(f => (f.FirstStep, f.EndStep)));
        Assert.Equal(0, plan.Step(0).T);
    }

    [Fact]
    public void Run_ending_before_the_first_boundary_is_one_frame()
    {
        var plan = new FramePlan(1, 10, 5, 50, 0, 12);
        Assert.Equal(new FrameInfo(0, 0, 10, null, -50.0 / 60, 0), Assert.Single(plan.Frames));
    }

    [Fact]
    public void Boundary_exactly_at_the_end_is_not_a_frame()
    {
        var plan = new FramePlan(1, 10, 5, 5, 0, 1);
        Assert.Equal([(0, 10, 5)], plan.Frames.Select(f => (f.FirstStep, f.EndStep, f.BoundaryStep!.Value)));
    }

    [Fact]
    public void No_scenes_no_frames()
    {
        var plan = new FramePlan(0, 100, 50, 50, 0, 12);
        Assert.Empty(plan.Frames);
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void Frames_partition_the_steps_for_many_settings()
    {
        foreach (var (scenes, sps, spf, pre) in new[] { (3, 7, 2, 0), (2, 50, 7, 13), (1, 5, 10, 0), (4, 25, 25, 25) })
        {
            var plan = new FramePlan(scenes, sps, spf, pre, 0, 12);
            var covered = plan.Frames.SelectMany(f => Enumerable.Range((int)f.FirstStep, (int)f.StepCount)).ToList();
            Assert.Equal(Enumerable.Range(0, (int)plan.TotalSteps), covered);
            Assert.All(plan.Frames.Where(f => f.BoundaryStep is not null), f => Assert.True(plan.Step(f.BoundaryStep!.Value).IsFrameBoundary));
            Assert.All(plan.Frames, f => Assert.Equal((double)f.Index / 12, f.T, 12));
        }
    }

    [Fact]
    public void Plan_from_a_document()
    {
        var doc = TempScene.Document("scenes: a || b || c\nsteps_per_scene: 20\nsteps_per_frame: 10\npre_animation_steps: 5\nframes_per_second: 24\n");
        var plan = FramePlan.For(doc);
        Assert.Equal((3, 60, 6), (plan.SceneCount, plan.TotalSteps, plan.Frames.Count));
        Assert.Equal(new FrameInfo(5, 55, 60, 55, 5.0 / 24, 2), plan.Frames[5]);
    }
}
