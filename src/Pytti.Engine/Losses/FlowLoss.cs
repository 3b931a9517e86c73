using Pytti.Engine.Animation;
using Pytti.Scenes.Expressions;
using TorchSharp;

namespace Pytti.Engine.Losses;

/// <summary>
/// Video Source's flow stabilisation (reference 6.6, <c>OpticalFlowLoss</c>), one per sample j:
/// <c>MSE(x·K, comp·K)</c>, <c>comp</c> an earlier output (the previous one for j = 0, the one 2^j − 1 frames
/// before that for the long-term samples) warped by the flow into the new frame's position and <c>K</c> its
/// loss mask (the consistency mask, long-term weighted for j ≥ 1; see <see cref="Animation.VideoSource"/>),
/// both resized bilinearly to the image. Starts disabled; a frame boundary that gives it a target enables it.
/// Not ported: the latent term <c>latent_strength·MSE(latent·K', latent_comp·K')</c>.
/// </summary>
public sealed class FlowLoss : WeightedLoss
{
    private torch.Tensor? _target;
    private torch.Tensor? _mask;

    public FlowLoss(string name, CompiledExpression weight, CompiledExpression? stop) : base(name, weight, stop) => Enabled = false;

    /// <summary>The warped earlier output [1,3,H,W] and its loss mask [1,1,h,w] in [0,1] (copied).</summary>
    public void SetTarget(torch.Tensor target, torch.Tensor mask)
    {
        _target?.Dispose();
        _mask?.Dispose();
        _target = Copy(target);
        _mask = Copy(mask);
        Enabled = true;
    }

    private static torch.Tensor Copy(torch.Tensor t)
    {
        using var detached = t.detach();
        return detached.clone().DetachFromDisposeScope();
    }

    protected override torch.Tensor Raw(torch.Tensor image)
    {
        if (_target is null || _mask is null) throw new InvalidOperationException("The flow stabilisation loss has no target before the first frame boundary.");
        using var scope = torch.NewDisposeScope();
        long[] size = [image.size(2), image.size(3)];
        var target = Fit(_target, size).to(image.dtype, image.device);
        var mask = Fit(_mask, size).to(image.dtype, image.device);
        return Squares.Mean((image - target) * mask).MoveToOuterDisposeScope();
    }

    private static torch.Tensor Fit(torch.Tensor t, long[] size) =>
        t.size(2) == size[0] && t.size(3) == size[1] ? t : Interpolate.Bilinear(t, size);

    public override void Dispose()
    {
        _target?.Dispose();
        _mask?.Dispose();
        (_target, _mask) = (null, null);
    }
}
