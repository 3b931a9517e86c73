using Pytti.Engine.Animation;
using Pytti.Engine.ImageModels;
using Pytti.Engine.Losses;
using Pytti.Engine.Rendering;
using Pytti.Models.Flow;
using Pytti.Scenes.Expressions;
using Pytti.Testing;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>
/// <c>animation_mode: Video Source</c> with the tiny CLIP and the released RAFT-small (4 iterations):
/// a synthetic 128×128 video (reencode_each_frame off, so the flow warp carries the image) whose content moves left 4 px per frame for frames 0–2, then a hard cut
/// to an unrelated texture (frames 3–4), rendered at 32×32 (frames upscaled back to 128 for the flow).
/// </summary>
public class VideoSourceTests
{
    private const int Size = 128;
    private const int Shift = 4;
    private const int CutAt = 3;

    private const string Scene = """
        scenes: a lighthouse
        animation_mode: Video Source
        video_path: pan.mp4
        flow_stabilization_weight: 1
        reencode_each_frame: false
        width: 32
        height: 32
        steps_per_scene: 6
        steps_per_frame: 2
        pre_animation_steps: 0
        save_every: 2
        cutouts: 2
        seed: 5

        """;

    private static float[] Texture(int seed, int side)
    {
        var random = new Random(seed);
        var raw = new float[3 * side * side];
        for (var i = 0; i < raw.Length; i++) raw[i] = (float)random.NextDouble();
        return raw;
    }

    /// <summary>A 128×128 window at column <paramref name="x"/> of smoothed noise <paramref name="seed"/> (<paramref name="side"/>² px), [1,3,128,128] in [0,1].</summary>
    internal static torch.Tensor Window(int seed, int side, int x)
    {
        using var scope = torch.NewDisposeScope();
        var noise = torch.tensor(Texture(seed, side), [1, 3, side, side]);
        var smooth = torch.nn.functional.avg_pool2d(noise, [5, 5], [1, 1], [2, 2]);
        var frame = smooth.narrow(2, 4, Size).narrow(3, x, Size);
        return ((frame - frame.mean()) * 4.0 + 0.5).clamp(0.0, 1.0).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Frame n of the synthetic video, [1,3,128,128]: smoothed noise, a window moving right (content left) before the cut.</summary>
    private static torch.Tensor VideoFrame(int n) => Window(n < CutAt ? 1 : 2, Size + Shift * CutAt + 8, n < CutAt ? Shift * n : 4);

    private static RenderAssets Assets() => new(_ => throw new InvalidOperationException("no images in this scene"))
    {
        VideoFrame = VideoFrame,
        VideoFrameCount = CutAt + 2,
        LoadFlowModel = () => FlowModel.Load(SharedFixtures.Path("models", "raft-small.pth")),
        FlowIterations = 4,
    };

    private static RenderRecorder Render(string yaml, EngineState? resume = null, int captureFrame = -1)
    {
        var doc = Fixtures.Scene(yaml);
        return Fixtures.Render(doc, Assets(), resume, captureFrame: captureFrame);
    }

    private static float[] Resized(int n)
    {
        using var frame = VideoFrame(n);
        using var resized = Pytti.Engine.Imaging.Lanczos.Resize(frame, 32, 32);   // as the engine resizes video frames
        return resized.Floats();
    }

    private static float MeanAbs(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    [Fact]
    public void Frame_indices_follow_the_reference_with_frame_stride_and_pre_animation_steps()
    {
        var doc = Fixtures.Scene(Scene.Replace("pre_animation_steps: 0", "pre_animation_steps: 3") + "frame_stride: 2\n");
        using var source = new VideoSource(doc, VideoFrame, 9, FlowModel.Load(SharedFixtures.Path("models", "raft-small.pth")), 32, 32, 4);
        Assert.Equal((0, 2), source.FramesAt(3));      // frame_n = (i − pre)·stride // spf, next = frame_n + stride
        Assert.Equal((2, 4), source.FramesAt(5));
        Assert.Equal((6, 8), source.FramesAt(9));
        Assert.Equal((8, 8), source.FramesAt(11));    // clamped to L − 1
        foreach (var loss in source.Losses) loss.Dispose();
    }

    [Fact]
    public void Re_encoding_a_Limited_Palette_keeps_its_palette_within_a_shot_and_renews_it_at_a_cut()
    {
        var doc = Fixtures.Scene(Scene.Replace("reencode_each_frame: false", "reencode_each_frame: true") +
            "image_model: Limited Palette\npalettes: 2\npalette_size: 3\npixel_size: 1\n");
        using (var model = ImageModelFactory.Create(doc, 32, 32))
        using (var source = new VideoSource(doc, VideoFrame, CutAt + 2, FlowModel.Load(SharedFixtures.Path("models", "raft-small.pth")), 32, 32, 4))
        using (var generator = new torch.Generator(9))
        {
            var palette = Assert.IsType<LimitedPalette>(model);
            model.EncodeRandom(generator);
            var colours = palette.pallet.Floats();
            var torchBefore = TorchValues.LiveCount();                         // after the models: TorchSharp counts every Parameter ever made
            using (source.Next(model, 2, generator)) { }               // frames 1 → 2: the same shot
            Assert.Equal((1, 2), source.LastFrames);
            Assert.False(source.LastEvidence!.IsCut);
            Assert.Equal(colours, palette.pallet.Floats());           // palette untouched ...
            using (var frame = source.Frame(2))
            using (var expected = LimitedPaletteLuminance.Brightness(frame))
                Assert.Equal(expected.Floats(), palette.value.Floats());   // ... brightness from the next frame

            using (source.Next(model, 4, generator)) { }               // frames 2 → 3: the cut
            Assert.True(source.LastEvidence!.IsCut);
            Assert.NotEqual(colours, palette.pallet.Floats());        // smart encode: a new palette for the new shot
            foreach (var loss in source.Losses) loss.Dispose();
            Assert.Equal([2], source.History.Boundaries);                    // the output the model held at boundary 2
            Assert.Equal(torchBefore + 1, TorchValues.LiveCount());           // of all the work only that output is still held
        }
    }

    [Fact]
    public void Without_optimisation_frame_zero_is_the_init_the_pan_moves_it_and_the_cut_reinitialises()
    {
        var r = Render(Scene + "learning_rate: 0\n");
        Assert.Equal([1, 3, 5, 6], r.Images.Select(i => i.Step));
        // Image k (saved right after boundary k) is frame 0 warped k + 1 times: close to video frame k + 1 before the cut ...
        var frame0 = Resized(0);
        for (var k = 0; k < 2; k++)
        {
            var toNext = MeanAbs(r.Images[k].Pixels, Resized(k + 1));
            var toStill = MeanAbs(r.Images[k].Pixels, frame0);
            Assert.True(toNext < 0.6 * toStill, $"image {k}: to frame {k + 1} {toNext}, to frame 0 {toStill}");
        }
        // ... and the boundary into frame 3 is a cut: the model is re-encoded from the new frame.
        Assert.True(MeanAbs(r.Images[2].Pixels, Resized(CutAt)) < 0.01, $"{MeanAbs(r.Images[2].Pixels, Resized(CutAt))}");
        Assert.True(MeanAbs(r.Images[1].Pixels, Resized(CutAt)) > 0.05, $"{MeanAbs(r.Images[1].Pixels, Resized(CutAt))}");
        Console.WriteLine($"to next {MeanAbs(r.Images[0].Pixels, Resized(1))} {MeanAbs(r.Images[1].Pixels, Resized(2))}, to frame 0 {MeanAbs(r.Images[0].Pixels, frame0)} {MeanAbs(r.Images[1].Pixels, frame0)}, after cut {MeanAbs(r.Images[2].Pixels, Resized(CutAt))}");
        Assert.All(r.Steps, s => Assert.Contains("optical flow stabilization (frame -1)", s.Raw.Keys));
    }

    [Fact]
    public void A_render_repeats_byte_for_byte_resumes_identically_and_leaks_no_tensors()
    {
        var growth = new RunGrowth();
        var full = Render(Scene, captureFrame: 1);
        growth.Rebase();
        var again = growth.Measure(() => Render(Scene));
        Assert.Equal(full.Images.Select(i => i.Pixels), again.Images.Select(i => i.Pixels));
        using (var state = full.State!)
        {
            var resumed = Render(Scene, state);
            var after = full.Images.Where(i => i.Index > state.SavedImages).ToList();
            Assert.NotEmpty(after);
            Assert.Equal(after.Select(i => i.Index), resumed.Images.Select(i => i.Index));
            Assert.Equal(after.Select(i => i.Pixels), resumed.Images.Select(i => i.Pixels));
        }
        growth.Rebase();
        growth.Measure(() => Render(Scene));
        growth.AssertAlike();
    }
}

public class FlowLossTests
{
    [Fact]
    public void The_masked_flow_loss_decreases_when_optimised_alone_and_ignores_masked_pixels()
    {
        using var x = Trainable.Image(torch.zeros([1, 3, 16, 16]));
        var before = TorchValues.LiveCount();                              // after the Parameter: TorchSharp counts every one ever made
        using (var loss = new FlowLoss("optical flow stabilization (frame -1)", CompiledExpression.Compile("1"), null))
        {
            using (var generator = new torch.Generator(3))
            using (var target = torch.rand([1, 3, 16, 16], generator: generator))
            using (var mask = torch.ones([1, 1, 8, 8]))
            {
                mask.narrow(3, 0, 4).zero_();
                Assert.Null(loss.Evaluate(target, new Dictionary<string, double>()));   // disabled until a frame boundary sets a target
                loss.SetTarget(target, mask);
            }
            using var adam = Trainable.Adam(0.05, x);
            var values = new List<double>();
            for (var i = 0; i < 40; i++)
            {
                adam.ClearGrads();
                using var value = loss.Evaluate(x, new Dictionary<string, double>())!;
                values.Add(value.Raw);
                value.Loss.Backward();
                adam.step();
            }
            Assert.True(values[^1] < 0.1 * values[0], string.Join(", ", values));
            // Pixels under the mask's zero half get no gradient: the left half of x stays 0.
            using var left = x.narrow(3, 0, 6).abs().max();
            Assert.Equal(0.0, left.ToDouble());
        }
        Assert.Equal(before, TorchValues.LiveCount());
    }
}
