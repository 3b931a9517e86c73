using System.Diagnostics;
using Pytti.Engine.ImageModels;
using Pytti.Engine.Losses;
using Pytti.Engine.Prompts;
using Pytti.Engine.Rendering;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>
/// Video masks <c>_[clip.mp4]</c> (reference 3.7) and masks on the direct and edge stabilisation losses, with a
/// 32×32 mask video made by FFmpeg: frames 0–1 white on the left half, frames 2–3 white on the right half.
/// </summary>
public class VideoMaskTests
{
    private const int Side = 32;
    private static readonly Lazy<(string Path, byte[][] Frames)> Clip = new(MakeClip);

    /// <summary>Encodes the mask video (lossless H.264) and decodes its frames to RGB24 with FFmpeg.</summary>
    private static (string, byte[][]) MakeClip()
    {
        var dir = Directory.CreateTempSubdirectory("pytti-vmask-");
        var path = Path.Combine(dir.FullName, "mask.mp4");
        Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", $"color=black:s={Side}x{Side}:r=1:d=4",
            "-vf", "drawbox=x=0:y=0:w=16:h=32:color=white:t=fill:enable='lt(t,2)',drawbox=x=16:y=0:w=16:h=32:color=white:t=fill:enable='gte(t,2)'",
            "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv444p", path);
        var raw = Run("ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        var size = Side * Side * 3;
        Assert.Equal(4 * size, raw.Length);
        return (path, Enumerable.Range(0, raw.Length / size).Select(i => raw[(i * size)..((i + 1) * size)]).ToArray());
    }

    private static byte[] Run(string exe, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        return ms.ToArray();
    }

    /// <summary>Frame n of the mask video as [1,3,h,w] in [0,1]; past the end, the last frame (as the pipeline's loader).</summary>
    internal static torch.Tensor Frame(int n)
    {
        var frames = Clip.Value.Frames;
        var rgb = frames[Math.Clamp(n, 0, frames.Length - 1)];
        var planar = new float[rgb.Length];
        for (var i = 0; i < Side * Side; i++)
            for (var c = 0; c < 3; c++) planar[c * Side * Side + i] = rgb[i * 3 + c] / 255f;
        return torch.tensor(planar, [1, 3, Side, Side]);
    }

    private static RenderAssets Assets(List<int>? reads = null) => new(_ => torch.ones([1, 3, Side, Side]))
    {
        LoadVideoFrame = (_, n) => { reads?.Add(n); return Frame(n); },
    };

    private static CutoutEmbeddings Views() =>
        new([new PerceptorView(null!, TorchSharp.torch.zeros(2, 1), new double[,] { { 0, 0 }, { 0.5, 0 } }, new double[,] { { 0.5, 1 }, { 0.5, 1 } })]);

    private static float[] Factors(PromptMaskFunction mask)
    {
        using var views = Views();
        var (m, a) = mask.Evaluate(views, 0.5);
        using (m) using (a) return a.data<float>().ToArray();
    }

    [Fact]
    public void The_mask_follows_the_video_frame_as_an_image_mask_of_that_frame_and_inverting_flips_it()
    {
        var before = TorchValues.LiveCount();
        foreach (var inverted in new[] { false, true })
        {
            var reads = new List<int>();
            var assets = Assets(reads);
            using var mask = (VideoMask)PromptMaskFunction.For(new PromptMask(MaskKind.Video, Clip.Value.Path, inverted), assets);
            Assert.Equal([0], reads);
            Assert.Contains(mask, assets.FrameHooks);
            foreach (var n in new[] { 0, 2, 1, 3, 7 })   // 7: past the end reads the last frame
            {
                if (n > 0) mask.OnFrame(n);
                using var rgb = Frame(n);
                using var image = ImageMask.FromImage(rgb, inverted);
                var video = Factors(mask);
                Assert.Equal(Factors(image), video);                       // exactly the image mask of that frame
                var whiteLeft = (n < 2) != inverted;
                Assert.True(whiteLeft ? video[0] > 1.3f && video[1] < 0.1f : video[1] > 1.3f && video[0] < 0.1f,
                    $"frame {n} inverted {inverted}: {string.Join(", ", video)}");
            }
        }
        Assert.Equal(before, TorchValues.LiveCount());
    }

    [Fact]
    public void Frame_boundaries_read_the_reference_frame_index()
    {
        var doc = Fixtures.Scene("scenes: a\nanimation_mode: 2D\nsteps_per_frame: 3\npre_animation_steps: 4\nframe_stride: 2\n");
        // ((i − pre)//spf + 1)·frame_stride
        Assert.Equal(2, VideoMask.FrameAt(doc.Values, 4));
        Assert.Equal(4, VideoMask.FrameAt(doc.Values, 7));
        Assert.Equal(6, VideoMask.FrameAt(doc.Values, 10));
    }

    [Fact]
    public void A_direct_stabilisation_loss_with_a_half_mask_has_no_gradient_outside_it()
    {
        var before = TorchValues.LiveCount();
        using (torch.NewDisposeScope())
        {
            var assets = Assets();
            var mask = StabilizationMask.For(new PromptMask(MaskKind.Video, Clip.Value.Path), assets)!;
            Assert.Contains(mask, assets.FrameHooks);
            Assert.Null(StabilizationMask.For(new PromptMask(MaskKind.Left, null), assets));
            var target = torch.full([1, 3, 16, 16], 0.5);
            foreach (var frame in new[] { 0, 2 })
            {
                mask.OnFrame(frame);
                using var direct = new DirectImageLoss("direct stabilization", CompiledExpression.Compile("1"), null, target.alias(), hsv: true, mask.Tensor(target));
                using var edge = new EdgeLoss("edge stabilization", CompiledExpression.Compile("1"), null, target, mask.Tensor(target));
                foreach (var loss in new WeightedLoss[] { direct, edge })
                {
                    using var g = new torch.Generator(3);
                    var image = torch.rand([1, 3, 16, 16], generator: g).requires_grad_();
                    using var value = loss.Evaluate(image, new Dictionary<string, double> { ["t"] = 0 })!;
                    var grad = CheckedAutograd.Grad([value.Loss], [image])[0]!.abs().sum([0, 1]);   // [16,16]
                    // Left half white in frames 0-1, right half in 2-3; bilinear resizing blurs one column either side of the edge
                    // (and the edge filter one more).
                    var (open, closed) = frame == 0 ? (grad.narrow(1, 0, 6), grad.narrow(1, 10, 6)) : (grad.narrow(1, 10, 6), grad.narrow(1, 0, 6));
                    Assert.Equal(0.0, closed.sum().ToDouble());
                    Assert.True(open.min().ToDouble() > 0, $"{loss.Name} frame {frame}");
                }
            }
        }
        Assert.Equal(before, TorchValues.LiveCount());
    }

    private const string Scene = """
        scenes: a lighthouse:1_[{0}]
        animation_mode: 2D
        translate_x: '1'
        width: 16
        height: 16
        steps_per_scene: 6
        steps_per_frame: 2
        pre_animation_steps: 0
        save_every: 2
        cutouts: 2
        seed: 5
        direct_stabilization_weight: '1_{0}'
        edge_stabilization_weight: '1_-{0}'

        """;

    private static RenderRecorder Render(List<int> reads, EngineState? resume = null, int captureFrame = -1)
    {
        var doc = Fixtures.Scene(string.Format(Scene, Clip.Value.Path));
        Assert.Equal(MaskKind.Video, doc.Scenes[0].Prompts[0].Mask.Kind);
        return Fixtures.Render(doc, Assets(reads), resume, captureFrame: captureFrame);
    }

    [Fact]
    public void A_2D_render_with_video_masks_repeats_byte_for_byte_and_resumes_to_the_same_bytes()
    {
        var growth = new RunGrowth();
        var reads = new List<int>();
        var a = Render(reads, captureFrame: 1);
        // Prompt mask, direct and edge stabilisation masks: frame 0 at start, then frames 1, 2, 3 at the boundaries 0, 2, 4.
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3], reads.Order());
        growth.Rebase();
        var b = growth.Measure(() => Render([]));
        Assert.Equal(a.Images.Select(i => i.Pixels), b.Images.Select(i => i.Pixels));
        TorchValues.AssertFlatPerFrame(b, stepsPerFrame: 2);
        using (var state = a.State!)
        {
            var resumedReads = new List<int>();
            var resumed = Render(resumedReads, state);
            var after = a.Images.Where(i => i.Index > state.SavedImages).ToList();
            Assert.NotEmpty(after);
            Assert.Equal(after.Select(i => i.Pixels), resumed.Images.Select(i => i.Pixels));
        }
        growth.Rebase();
        growth.Measure(() => Render([]));
        growth.AssertAlike();
    }
}
