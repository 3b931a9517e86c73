using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>
/// Frame keys depend only on what a frame's pixels depend on (issue 15): extending an animation keeps every earlier
/// frame, a motion that first acts at frame k re-renders frames k.. only, and every resumed render gives the bytes
/// of an uninterrupted one. Where PyTTI itself computes earlier frames differently, plan says so.
/// </summary>
public sealed class ExactKeyTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-keys-");
    private string ScenePath => Path.Combine(_dir.FullName, "walk.pytti.yaml");

    // A 2D animation, one step per frame (12 frames a second), an image every step: frames = steps.
    private static string Scene(int steps, string translate = "1", string extra = "") => $"""
        scenes: a lighthouse
        perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
        width: 8
        height: 8
        animation_mode: 2D
        translate_x: '{translate}'
        steps_per_scene: {steps}
        steps_per_frame: 1
        pre_animation_steps: 0
        save_every: 1
        cutouts: 1
        seed: 3
        video_container: none
        file_namespace: walk
        {extra}
        """;

    public ExactKeyTests() => TinyRenders.Store(_dir.FullName);

    public void Dispose() => _dir.Delete(recursive: true);

    private (RenderResult Result, int Steps) Render(string yaml, string cache = "cache", string output = "out")
    {
        File.WriteAllText(ScenePath, yaml);
        var progress = new RecordingProgress();
        var request = TinyRenders.Offline(ScenePath, _dir.FullName, Path.Combine(_dir.FullName, "store")) with
        {
            OutputDirectory = Path.Combine(_dir.FullName, output), CacheDirectory = Path.Combine(_dir.FullName, cache),
        };
        return (RenderJob.Run(request, progress), progress.Steps);
    }

    private IReadOnlyList<PlannedFrame> Plan(string yaml, string cache = "cache")
    {
        File.WriteAllText(ScenePath, yaml);
        return RenderPlan.Compute(new RenderRequest(ScenePath) { CacheDirectory = Path.Combine(_dir.FullName, cache), WorkingDirectory = _dir.FullName });
    }

    private static byte[][] Images(RenderResult r) => r.Frames.OrderBy(f => f.Index).Select(f => File.ReadAllBytes(f.Path)).ToArray();

    [Fact]
    public void Extending_30_frames_to_40_renders_10_and_shortening_a_40_frame_render_renders_its_new_last_frame()
    {
        var (thirty, _) = Render(Scene(30));
        var plan = Plan(Scene(40));
        Assert.Equal(30, plan.Count(f => f.Cached));
        Assert.All(plan.Skip(30), f => Assert.Equal("never rendered", f.Reason));

        var (forty, steps) = Render(Scene(40));
        Assert.Equal((30, 10, 10), (forty.FramesCached, forty.FramesRendered, steps));   // resumed from frame 29's checkpoint
        var (fresh, _) = Render(Scene(40), cache: "fresh-cache", output: "fresh-out");
        Assert.Equal(Images(fresh), Images(forty));

        var (back, backSteps) = Render(Scene(30));                                        // frame 29 still has its finished image
        Assert.Equal((0, 0), (back.FramesRendered, backSteps));
        Assert.Equal(Images(thirty), Images(back));

        Assert.Equal(FinishedImage.MissingReason, Plan(Scene(30), "fresh-cache")[29].Reason);   // rendered only by a 40-frame run
        var (shorter, shorterSteps) = Render(Scene(30), cache: "fresh-cache", output: "fresh-out");
        Assert.Equal((29, 1, 1), (shorter.FramesCached, shorter.FramesRendered, shorterSteps));
        Assert.Equal(Images(thirty), Images(shorter));
    }

    [Fact]
    public void A_motion_that_first_acts_at_frame_12_re_renders_frames_12_on_with_the_bytes_of_a_fresh_render()
    {
        Render(Scene(20));
        var moved = Scene(20, translate: "1 + (t >= 1) * 2");                             // t = 1 at frame 12
        Assert.Equal(Enumerable.Range(0, 20).Select(f => f < 12), Plan(moved).Select(f => f.Cached));
        Assert.Contains("changed: motion.translate_x", Plan(moved)[12].Reason);
        var (edited, steps) = Render(moved);
        Assert.Equal((12, 8, 8), (edited.FramesCached, edited.FramesRendered, steps));
        var (fresh, _) = Render(moved, cache: "fresh-cache", output: "fresh-out");
        Assert.Equal(Images(fresh), Images(edited));
    }

    [Fact]
    public void Plan_says_when_PyTTI_itself_computes_earlier_frames_differently()
    {
        var twoScenes = Scene(6).Replace("scenes: a lighthouse", "scenes: a lighthouse || a storm");
        Render(twoScenes);
        var longerScenes = Plan(twoScenes.Replace("steps_per_scene: 6", "steps_per_scene: 8"));   // scene 1 now starts at frame 8
        Assert.Equal(Enumerable.Range(0, 16).Select(f => f < 6), longerScenes.Select(f => f.Cached));
        Assert.Contains("its steps now belong to another scene", longerScenes[6].Reason);

        var faster = Plan(twoScenes + "\nframes_per_second: 24\n");                      // t of every frame after frame 0
        Assert.False(faster[1].Cached);
        Assert.Contains("other times t", faster[1].Reason);
    }
}
