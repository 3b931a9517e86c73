using Pytti.Engine.Animation;
using Pytti.Engine.Prompts;
using Pytti.Engine.Rendering;
using Pytti.Models.Flow;
using Pytti.Scenes;
using Pytti.Scenes.Expressions;
using TorchSharp;

namespace Pytti.Engine.Losses;

/// <summary>
/// 3D flow stabilisation (reference 6.6, <c>TargetFlowLoss</c>), with RAFT in place of GMA: the target is the
/// frame's 3D motion field in pixels (<see cref="MotionField"/>), <c>mag = mean(‖target‖²)</c>; each step RAFT
/// (<see cref="Iterations"/> refinements, differentiable to the image) estimates the flow from the previous frame
/// before the warp to the current image, and <c>raw = MSE(resize(flow, h×w), target) / mag</c>.
/// Starts disabled; every frame boundary sets a new target and enables it. Owns the RAFT model.
/// Differences from the reference: when <c>mag</c> is (numerically) zero — e.g. <c>lock_camera</c> with a pure
/// translation — the step is skipped (raw 0, no gradient) instead of PyTTI's inf/NaN (quirk 21); images under
/// <see cref="FlowWarp.MinimumFlowSide"/> px are upscaled for RAFT and the flow scaled back; an image or video mask
/// on <c>flow_stabilization_weight</c>, which the reference ignores in 3D, confines the loss as a user who writes
/// one expects: <c>raw = mean(((flow − target)·K)²) / mag</c>, K resized bilinearly (<c>mag</c> stays unmasked).
/// </summary>
public sealed class TargetFlowLoss : WeightedLoss
{
    /// <summary>RAFT refinements per step (PyTTI's GMA ran 3; RAFT gets a few more, still cheap).</summary>
    public const int Iterations = 4;

    /// <summary>Below this mean squared target flow (px²; RMS 10⁻⁴ px) the target counts as no motion and the loss is skipped.</summary>
    public const double ZeroMagnitude = 1e-8;

    private readonly FlowModel _raft;
    private readonly int _iterations;
    private readonly StabilizationMask? _mask;
    private torch.Tensor? _previous;
    private torch.Tensor? _target;

    /// <param name="mask">The mask of <c>flow_stabilization_weight</c> (image or video), or null for none.</param>
    public TargetFlowLoss(string name, CompiledExpression weight, CompiledExpression? stop, FlowModel raft, int iterations = Iterations,
        StabilizationMask? mask = null)
        : base(name, weight, stop)
    {
        _raft = raft;
        _iterations = iterations;
        _mask = mask;
        Enabled = false;
    }

    /// <summary>The loss for a 3D scene with <c>flow_stabilization_weight</c> set, or null; loads RAFT from <paramref name="assets"/>.</summary>
    public static TargetFlowLoss? For(SceneDocument doc, RenderAssets assets)
    {
        if (doc.Values.AnimationMode != "3D" || doc.Losses.FlowStabilization is not { } weight) return null;
        var load = assets.LoadFlowModel ?? throw new InvalidOperationException(
            "flow_stabilization_weight in animation_mode 3D needs a RAFT model, and the caller supplied none (RenderAssets.LoadFlowModel; the pipeline loads flow_model: raft-small or a RAFT checkpoint path).");
        return new TargetFlowLoss("optical flow stabilization", weight.Weight, weight.Stop, load(), mask: StabilizationMask.For(weight.Mask, assets));
    }

    /// <summary>mean(‖target‖²) of the current target, px².</summary>
    public double Magnitude { get; private set; }

    /// <summary>The frame before the warp [1,3,H,W] in [0,1] and the motion field [1,2,h,w] in pixels (both copied); enables the loss.</summary>
    public void SetTarget(torch.Tensor previous, torch.Tensor motion)
    {
        _previous?.Dispose();
        _target?.Dispose();
        using var scope = torch.NewDisposeScope();
        _previous = previous.detach().to_type(torch.float32).clone().DetachFromDisposeScope();
        _target = motion.detach().to_type(torch.float32).clone().DetachFromDisposeScope();
        Magnitude = Squares.Of(_target).sum([1]).mean().ToDouble();
        Enabled = true;
    }

    protected override torch.Tensor Raw(torch.Tensor image)
    {
        if (_previous is null || _target is null) throw new InvalidOperationException("The 3D flow stabilisation loss has no target before the first frame boundary.");
        if (Magnitude < ZeroMagnitude) return torch.zeros(Array.Empty<long>(), image.dtype, image.device);
        using var scope = torch.NewDisposeScope();
        var flow = Flow(_previous.to(torch.float32, image.device), image.to_type(torch.float32));
        var target = _target.to(image.device);
        long[] size = [target.size(2), target.size(3)];
        var error = FlowWarp.Resize(flow, size[0], size[1]) - target;                               // [1,2,h,w]
        if (_mask is not null)
            error = error * Interpolate.Bilinear(_mask.Tensor(error), size);
        return (Squares.Mean(error) / Magnitude).to_type(image.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>RAFT's flow [1,2,H,W] in pixels from <paramref name="previous"/> to <paramref name="image"/>, with gradient to <paramref name="image"/>.</summary>
    private torch.Tensor Flow(torch.Tensor previous, torch.Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        long h = image.size(2), w = image.size(3);
        if (previous.size(2) != h || previous.size(3) != w)
            previous = Interpolate.Bilinear(previous, [h, w]);
        var scale = Math.Max(1.0, FlowWarp.MinimumFlowSide / (double)Math.Min(h, w));
        torch.Tensor a = previous, b = image;
        if (scale > 1.0)
        {
            long[] size = [(long)Math.Ceiling(h * scale), (long)Math.Ceiling(w * scale)];
            a = Interpolate.Bilinear(previous, size);
            b = Interpolate.Bilinear(image, size);
        }
        using var estimate = _raft.Estimate(a, b, _iterations, differentiable: true);
        return FlowWarp.Resize(estimate.Flow, h, w).MoveToOuterDisposeScope();
    }

    public override void Dispose()
    {
        _previous?.Dispose();
        _target?.Dispose();
        (_previous, _target) = (null, null);
        _raft.Dispose();
    }
}
