using Pytti.Engine.Animation;
using Pytti.Engine.ImageModels;
using Pytti.Engine.Losses;
using Pytti.Engine.Prompts;
using Pytti.Engine.Rendering;
using Pytti.Models.Depth;
using Pytti.Models.Flow;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Testing;
using Pytti.Torch;
using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>3D flow stabilisation (reference 6.6 <c>TargetFlowLoss</c>, RAFT instead of GMA) and the camera's motion field.</summary>
public class TargetFlowTests
{
    private static readonly IReadOnlyDictionary<string, double> NoVariables = new Dictionary<string, double>();
    private static string Raft => SharedFixtures.Path("models", "raft-small.pth");
    private static readonly double[] Identity = [1, 0, 0, 0];

    private static float[] Channel(torch.Tensor flow, int c) => flow.narrow(1, c, 1).Floats();

    /// <summary>Constant depth d, no rotation: a translation shifts every pixel by the same amount, a dolly zooms about the centre.</summary>
    [Theory]
    [InlineData(2.0, 1.0, 0.0)]    // shift
    [InlineData(0.0, 0.0, 3.0)]    // zoom
    [InlineData(-1.5, 2.0, -2.0)]  // both
    public void The_motion_field_over_constant_depth_is_the_analytic_shift_and_zoom(double tx, double ty, double tz)
    {
        const long w = 48, h = 32;
        const double d = 2.0, fov = 60;
        using var depth = torch.full([1, 1, h, w], (float)d);
        using var flow = MotionField.Of(new Camera3D(tx, ty, tz, Identity, fov, LockCamera: false), depth, w, h);
        Assert.Equal([1L, 2, h, w], flow.shape);
        var (fx, fy) = (Channel(flow, 0), Channel(flow, 1));
        var tan = Math.Tan(fov * Math.PI / 360);
        var (p00, p11, px, a) = (1 / ((double)w / h * tan), 1 / tan, 2.0 / h, (double)w / h);
        var dMoved = d - tz * px;                                             // −z of the moved point
        for (var row = 0; row < h; row++)
        for (var col = 0; col < w; col++)
        {
            var x = -a + 2 * a * col / (w - 1);
            var y = -1 + 2.0 * row / (h - 1);
            // NDC change × (size − 1)/2 pixels per NDC unit (align corners)
            var ex = ((x + tx * px) * p00 / dMoved - x * p00 / d) * (w - 1) / 2;
            var ey = ((y - ty * px) * p11 / dMoved - y * p11 / d) * (h - 1) / 2;
            Assert.True(Math.Abs(fx[row * w + col] - ex) < 1e-4, $"dx at ({col},{row}): {fx[row * w + col]} vs {ex}");
            Assert.True(Math.Abs(fy[row * w + col] - ey) < 1e-4, $"dy at ({col},{row}): {fy[row * w + col]} vs {ey}");
        }
    }

    /// <summary>A smooth, textured 128×128 image in [0,1] (RAFT needs texture to match).</summary>
    private static torch.Tensor Texture(long size)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(11);
        var noise = torch.rand([1, 3, size / 8, size / 8], generator: generator);
        return torch.nn.functional.interpolate(noise, [size, size], mode: torch.InterpolationMode.Bicubic, align_corners: false)
            .clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }

    /// <summary>Evaluates <paramref name="loss"/> on <paramref name="image"/>; the caller owns the value.</summary>
    private static LossValue Evaluate(WeightedLoss loss, torch.Tensor image) => loss.Evaluate(image, NoVariables)!;

    private static long Live() => TorchValues.LiveCount();

    [Fact]
    public void An_image_already_moved_by_the_target_has_a_small_loss_with_gradient_to_the_image()
    {
        const long size = 128;
        using var loss = new TargetFlowLoss("optical flow stabilization", CompiledExpression.Compile("1"), null, FlowModel.Load(Raft));
        var before = Live();                                                  // after RAFT: TorchSharp counts every Parameter ever made
        Assert.False(loss.Enabled);
        using (torch.NewDisposeScope())
        {
            // Constant depth at P00 (fov 40, square): one unit of translate_x is (W−1)/H px, so 3 → ≈ 3 px right and 2 px up.
            var camera = new Camera3D(3, 2, 0, Identity, 40, LockCamera: false);
            var tan = Math.Tan(40 * Math.PI / 360);
            var depth = torch.full([1, 1, size, size], (float)(1 / tan));
            var previous = Texture(size);
            var target = MotionField.Of(camera, depth, size, size);
            var moved = DepthWarp.Warp(previous, depth, camera, new Resampling(GridSampleMode.Bilinear, InfillMode.Smear), size, size);
            loss.SetTarget(previous, target);
            Assert.True(loss.Enabled);
            Assert.InRange(loss.Magnitude, 11.0, 14.0);                       // ≈ 3² + 2² px²

            var image = moved.clone().requires_grad_();
            double movedRaw, stillRaw;
            using (var value = Evaluate(loss, image))
            {
                movedRaw = value.Raw;
                value.Loss.Backward();
            }
            using (var value = Evaluate(loss, previous.clone())) stillRaw = value.Raw;
            Assert.True(movedRaw < 0.03, $"moved by the target: raw {movedRaw}");
            Assert.True(stillRaw > 0.3, $"not moved: raw {stillRaw}");         // flow ≈ 0: MSE over (dx, dy) = mag/2, raw ≈ 0.5
            var g = image.grad!.abs().sum().ToDouble();
            Assert.True(double.IsFinite(g) && g > 0, $"gradient {g}");
        }
        var after = Live();
        Assert.Equal(before + 2, after);                           // the loss holds its two targets until disposed
    }

    [Fact]
    public void Evaluating_the_3D_flow_loss_again_and_again_leaks_nothing()
    {
        const long size = 128;
        using var loss = new TargetFlowLoss("optical flow stabilization", CompiledExpression.Compile("1"), null, FlowModel.Load(Raft));
        using var previous = Texture(size);
        using var depth = torch.full([1, 1, size, size], 2f);
        using (var target = MotionField.Of(new Camera3D(3, 2, 0, Identity, 40, LockCamera: false), depth, size, size))
            loss.SetTarget(previous, target);
        var counts = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            using (var image = previous.clone().requires_grad_())
            using (var value = Evaluate(loss, image))
                value.Loss.Backward();
            counts.Add(Live());
        }
        Assert.All(counts, c => Assert.Equal(counts[0], c));
    }

    [Fact]
    public void A_zero_target_skips_the_loss_instead_of_dividing_by_zero()
    {
        using var loss = new TargetFlowLoss("optical flow stabilization", CompiledExpression.Compile("1"), null, FlowModel.Load(Raft));
        using (var p0 = torch.zeros(1, 3, 16, 16))
        using (var t0 = torch.zeros(1, 2, 16, 16))
            loss.SetTarget(p0, t0);                                           // the loss holds two targets from here on
        var before = Live();
        using (torch.NewDisposeScope())
        {
            // lock_camera with a pure translation: the mean offset is the whole offset.
            var depth = torch.full([1, 1, 16, 16], 2f);
            var target = MotionField.Of(new Camera3D(4, -3, 0, Identity, 40, LockCamera: true), depth, 16, 16);
            using var generator = new torch.Generator(1);
            var previous = torch.rand([1, 3, 16, 16], generator: generator);
            loss.SetTarget(previous, target);
            Assert.True(loss.Magnitude < TargetFlowLoss.ZeroMagnitude, $"{loss.Magnitude}");
            var image = torch.rand([1, 3, 16, 16], generator: generator).requires_grad_();
            using var value = Evaluate(loss, image);
            Assert.Equal(0.0, value.Raw);
            Assert.False(value.Loss.requires_grad);
        }
        var after = Live();
        Assert.Equal(before, after);
    }

    [Fact]
    public void A_mask_confines_the_3D_flow_loss_to_its_white_part()
    {
        const long size = 128;
        var assets = new RenderAssets(_ => VideoSourceLongTermTests.LeftHalf());   // white on the left half
        var mask = StabilizationMask.For(new PromptMask(MaskKind.Image, "left.png"), assets);
        using var loss = new TargetFlowLoss("optical flow stabilization", CompiledExpression.Compile("1"), null, FlowModel.Load(Raft), mask: mask);
        using (var p0 = torch.zeros(1, 3, 16, 16))
        using (var t0 = torch.zeros(1, 2, 16, 16))
            loss.SetTarget(p0, t0);                                           // the loss holds two targets from here on
        var before = Live();
        using (torch.NewDisposeScope())
        {
            var previous = Texture(size);
            var image = previous.clone();
            // mean((E·K)²): raw × mag, since mag = mean(‖target‖²) is not masked.
            double MaskedError(torch.Tensor target)
            {
                loss.SetTarget(previous, target);
                using var value = Evaluate(loss, image);
                return value.Raw * loss.Magnitude;
            }
            torch.Tensor Changed(long from, long width)
            {
                var t = torch.full([1, 2, size, size], 3f);
                t.narrow(3, from, width).fill_(-5.0);
                return t;
            }
            var target = torch.full([1, 2, size, size], 3f);
            var right = Changed(72, 56);     // where the mask (resized bilinearly) is 0
            var left = Changed(0, 56);       // where it is 1
            var reference = MaskedError(target);
            Assert.True(reference > 1, $"{reference}");
            Assert.Equal(reference, MaskedError(right), reference * 1e-5);
            Assert.True(MaskedError(left) > 2 * reference, $"{MaskedError(left)} vs {reference}");
        }
        var after = Live();
        Assert.Equal(before, after);
    }

    /// <summary>The 3D render scene, with flow stabilisation on.</summary>
    private static readonly string Scene = Animation3DRenderTests.Scene + "flow_stabilization_weight: 1\n";

    private static RenderRecorder Render(EngineState? resume = null, int captureFrame = -1)
    {
        var doc = Fixtures.Scene(Scene);
        var assets = new RenderAssets(_ => throw new InvalidOperationException())
        {
            LoadDepthModel = () => DepthModel.Load(DepthLossTests.TinyDepth, heads: 2),
            LoadFlowModel = () => FlowModel.Load(Raft),
        };
        return Fixtures.Render(doc, assets, resume, captureFrame: captureFrame);
    }

    [Fact]
    public void A_3D_render_with_flow_stabilisation_repeats_resumes_byte_for_byte_and_leaks_nothing()
    {
        var growth = new RunGrowth();
        var a = Render(captureFrame: 0);
        growth.Rebase();
        var b = growth.Measure(() => Render());
        Assert.Equal(a.Images.Select(i => i.Bytes), b.Images.Select(i => i.Bytes));
        Assert.Equal(a.Images.Select(i => i.Pixels), b.Images.Select(i => i.Pixels));
        Assert.All(a.Steps, s => Assert.True(double.IsFinite(s.Raw["optical flow stabilization"]) && s.Raw["optical flow stabilization"] > 0,
            $"{s.Raw["optical flow stabilization"]}"));                   // on from the first boundary (no pre-animation steps)
        TorchValues.AssertFlatPerFrame(b, stepsPerFrame: 2);
        using (var state = a.State!)
        {
            var resumed = Render(state);
            var after = a.Images.Where(i => i.Index > state.SavedImages).ToList();
            Assert.NotEmpty(after);
            Assert.Equal(after.Select(i => i.Index), resumed.Images.Select(i => i.Index));
            Assert.Equal(after.Select(i => i.Bytes), resumed.Images.Select(i => i.Bytes));
        }
        growth.Rebase();
        growth.Measure(() => Render());
        growth.AssertAlike();
    }
}
