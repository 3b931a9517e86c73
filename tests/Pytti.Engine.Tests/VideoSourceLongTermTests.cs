using Pytti.Engine.Animation;
using Pytti.Engine.Rendering;
using Pytti.Models.Flow;
using Pytti.Testing;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>
/// Video Source's long-term flow samples (<c>flow_long_term_samples</c>, reference 8.4) and the mask on
/// <c>flow_stabilization_weight</c>, on a synthetic 6-frame pan (content moving left 4 px a frame, no cut)
/// rendered at 32×32 with the tiny CLIP and RAFT-small.
/// </summary>
public class VideoSourceLongTermTests
{
    private const int Frames = 6;
    private const int Shift = 4;
    private const string Short = "optical flow stabilization (frame -1)";
    private const string Two = "optical flow stabilization (frame -2)";
    private const string Four = "optical flow stabilization (frame -4)";

    private static string Scene(int samples, string weight = "1") => $"""
        scenes: a lighthouse
        animation_mode: Video Source
        video_path: pan.mp4
        flow_stabilization_weight: {weight}
        flow_long_term_samples: {samples}
        reencode_each_frame: false
        width: 32
        height: 32
        steps_per_scene: 12
        steps_per_frame: 2
        pre_animation_steps: 0
        save_every: 2
        cutouts: 2
        seed: 5

        """;

    private static torch.Tensor Pan(int n) => VideoSourceTests.Window(1, 128 + Shift * Frames + 8, Shift * n);

    /// <summary>White (free to move) on the left half, black (pinned background) on the right, [1,3,32,32].</summary>
    internal static torch.Tensor LeftHalf()
    {
        var mask = torch.zeros([1, 3, 32, 32]);
        using var left = mask.narrow(3, 0, 16);
        left.fill_(1.0);
        return mask;
    }

    private static RenderAssets Assets() => new(path => path.EndsWith("left.png", StringComparison.Ordinal)
        ? LeftHalf()
        : throw new InvalidOperationException($"no image {path} in this scene"))
    {
        VideoFrame = Pan,
        VideoFrameCount = Frames,
        LoadFlowModel = () => FlowModel.Load(SharedFixtures.Path("models", "raft-small.pth")),
        FlowIterations = 4,
    };

    private static RenderRecorder Render(string yaml, EngineState? resume = null, int captureFrame = -1) =>
        Fixtures.Render(Fixtures.Scene(yaml), Assets(), resume, captureFrame: captureFrame);

    private static IEnumerable<int> StepsWith(RenderRecorder r, string loss) => r.Steps.Where(s => s.Raw.ContainsKey(loss)).Select(s => (int)s.Step);

    [Fact]
    public void Two_samples_add_frame_minus_2_from_the_third_frame_and_frame_minus_4_from_the_fifth()
    {
        var r = Render(Scene(2));
        Assert.Equal(Enumerable.Range(0, 12), StepsWith(r, Short));
        Assert.Equal(Enumerable.Range(4, 8), StepsWith(r, Two));            // frame 2 (steps 4–5) warps frame 0's output
        Assert.Equal(Enumerable.Range(8, 4), StepsWith(r, Four));           // frame 4 warps frame 0's output, 3 frames earlier
        Assert.All(r.Steps.Where(s => s.Step >= 8), s => Assert.True(s.Raw[Two] >= 0 && s.Raw[Four] >= 0 && double.IsFinite(s.Raw[Four]), $"{s.Raw[Four]}"));
    }

    [Fact]
    public void No_samples_log_only_the_short_term_flow_loss()
    {
        var r = Render(Scene(0));
        Assert.All(r.Steps, s => Assert.Equal([Short], s.Raw.Keys.Where(k => k.StartsWith("optical flow", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_long_term_mask_counts_only_where_no_shorter_sample_did()
    {
        var before = TorchValues.LiveCount();
        using (torch.NewDisposeScope())
        {
            var m0 = torch.tensor(new[] { 1f, 1f, 0f, 0f, 0.5f }, [1, 1, 1, 5]);
            var m1 = torch.tensor(new[] { 1f, 0f, 1f, 0f, 1f }, [1, 1, 1, 5]);
            var m2 = torch.tensor(new[] { 1f, 1f, 1f, 1f, 1f }, [1, 1, 1, 5]);
            var weights = FlowWarp.LongTermMasks([m0, m1, m2]);
            Assert.Equal([1f, 1f, 0f, 0f, 0.5f], weights[0].Floats());   // the short-term mask as it is
            Assert.Equal([0f, 0f, 1f, 0f, 0.5f], weights[1].Floats());   // zero where the short-term mask is 1
            Assert.Equal([0f, 0f, 0f, 1f, 0f], weights[2].Floats());     // only what neither shorter sample covered
        }
        Assert.Equal(before, TorchValues.LiveCount());
    }

    [Fact]
    public void A_long_term_render_resumes_byte_for_byte_from_the_outputs_in_the_engine_state_and_leaks_nothing()
    {
        var full = Render(Scene(2), captureFrame: 3);
        TorchValues.AssertFlatPerFrame(full, stepsPerFrame: 2, fromFrame: 4);   // from boundary 4 on every long-term sample is live and the history full
        using (var state = full.State!)
        {
            // Boundary 4 (frame -4) reads the output held at boundary 1; boundary 5 those at 3 and 2.
            Assert.Equal(["video.history.1", "video.history.2", "video.history.3"],
                state.Tensors.Keys.Where(k => k.StartsWith(FlowHistory.StatePrefix, StringComparison.Ordinal)).Order());
            var resumed = Render(Scene(2), state);
            Assert.Equal(8, resumed.Steps[0].Step);
            Assert.Contains(Four, resumed.Steps[0].Raw.Keys);
            var after = full.Images.Where(i => i.Index > state.SavedImages).ToList();
            Assert.NotEmpty(after);
            Assert.Equal(after.Select(i => i.Index), resumed.Images.Select(i => i.Index));
            Assert.Equal(after.Select(i => i.Pixels), resumed.Images.Select(i => i.Pixels));
            Assert.Equal(full.Steps.Where(s => s.Step >= 8).Select(s => s.Raw[Four]), resumed.Steps.Select(s => s.Raw[Four]));
        }
    }

    [Fact]
    public void Pinning_noise_holds_the_flow_of_a_faint_masked_out_background_still()
    {
        using var raft = FlowModel.Load(SharedFixtures.Path("models", "raft-small.pth"));
        var before = TorchValues.LiveCount();                                 // after RAFT: TorchSharp counts every Parameter ever made
        using (torch.NewDisposeScope())
        {
            using var generator = new torch.Generator(7);
            // A faint texture (contrast ±0.05 or so, like a sky): the σ 0.05 noise dominates it; a strong texture would win over the noise.
            var (a, b) = ((Pan(0) - 0.5) * 0.05 + 0.5, (Pan(1) - 0.5) * 0.05 + 0.5);
            var mask = torch.nn.functional.interpolate(LeftHalf().narrow(1, 0, 1), [128, 128], mode: torch.InterpolationMode.Nearest);
            using var open = FlowWarp.Estimate(raft, a, b, 4);
            var (pa, pb) = FlowWarp.Pin(a, b, mask, generator);
            using var pinned = FlowWarp.Estimate(raft, pa, pb, 4);
            // Mean |dx| in the inner background (right quarter) and the foreground (left quarter).
            double Dx(FramePairFlow f, long x0) => f.Backward.narrow(1, 0, 1).narrow(2, 16, 96).narrow(3, x0, 32).abs().mean().ToDouble();
            var (openBack, pinnedBack, pinnedFore) = (Dx(open, 96), Dx(pinned, 96), Dx(pinned, 0));
            Assert.True(openBack > 3, $"without the pin the pan moves the background {openBack} px");
            Assert.True(pinnedBack < 0.5 * openBack, $"pinned background moves {pinnedBack} px (open {openBack})");
            Assert.True(pinnedFore > 0.75 * Shift, $"the unpinned foreground still follows the pan: {pinnedFore} px");
        }
        Assert.Equal(before, TorchValues.LiveCount());
    }

    [Fact]
    public void A_masked_flow_weight_changes_the_render_and_repeats_byte_for_byte()
    {
        var open = Render(Scene(1));
        var masked = Render(Scene(1, "1_left.png"));
        var again = Render(Scene(1, "1_left.png"));
        Assert.Equal(masked.Images.Select(i => i.Pixels), again.Images.Select(i => i.Pixels));
        Assert.NotEqual(open.Images.Select(i => i.Pixels), masked.Images.Select(i => i.Pixels));
    }
}
