using Pytti.Scenes.Planning;

namespace Pytti.Scenes.Tests.Planning;

/// <summary>
/// <c>frames_per_second: 29.97</c>: PyTTI's default config is not checked against its structured schema, so the float
/// reaches <c>t = (i - pre) / (steps_per_frame * frames_per_second)</c>. Expected values are Python's for the same
/// expression (exact: the same IEEE operations).
/// </summary>
public class FractionalRateTests
{
    [Fact]
    public void Time_is_computed_as_python_computes_it()
    {
        var doc = TempScene.Document("scenes: a\nframes_per_second: 29.97\nsteps_per_scene: 40\nsteps_per_frame: 10\npre_animation_steps: 5\n");
        var plan = FramePlan.For(doc);
        Assert.Equal(29.97, doc.Values.FramesPerSecond);
        Assert.Equal(-0.016683350016683352, plan.Step(0).T);   // python: (0 - 5) / (10 * 29.97)
        Assert.Equal(0.033366700033366704, plan.Frames[1].T);   // (15 - 5) / (10 * 29.97)
        Assert.Equal(0.06673340006673341, plan.Frames[2].T);
        Assert.Equal(0.1001001001001001, plan.Step(35).T);
    }

    [Fact]
    public void The_video_runs_at_the_fractional_rate() =>
        Assert.Equal(29.97, TempScene.Document("scenes: a\nframes_per_second: 29.97\n").Video!.Fps);

    [Theory]
    [InlineData("0", "PYTTI010")]
    [InlineData(".inf", "PYTTI010")]
    [InlineData("44100.5", "PYTTI010")]
    [InlineData(".nan", "PYTTI009")]
    public void A_rate_no_render_can_use_is_refused(string value, string code) =>
        Assert.StartsWith($"scene.pytti.yaml(2,20): error {code}: 'frames_per_second' must be a number from 0.001 to 44100", Assert.Single(TempScene.Errors($"scenes: a\nframes_per_second: {value}\n")));
}
