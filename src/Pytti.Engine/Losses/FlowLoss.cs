using Pytti.Scenes.Expressions;
using Pytti.Torch;

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
    private Tensor? _target;
    private Tensor? _mask;

    public FlowLoss(string name, CompiledExpression weight, CompiledExpression? stop) : base(name, weight, stop) => Enabled = false;

    /// <summary>The warped earlier output [1,3,H,W] and its loss mask [1,1,h,w] in [0,1] (copied).</summary>
    public void SetTarget(Tensor target, Tensor mask)
    {
        _target?.Dispose();
        _mask?.Dispose();
        _target = target.Detach().Clone().DetachFromScopes();
        _mask = mask.Detach().Clone().DetachFromScopes();
        Enabled = true;
    }

    protected override Tensor Raw(Tensor image)
    {
        if (_target is null || _mask is null) throw new InvalidOperationException("The flow stabilisation loss has no target before the first frame boundary.");
        using var scope = LibTorch.NewDisposeScope();
        var size = new[] { image.Size(2), image.Size(3) };
        var target = Fit(_target, size).To(image.Device, image.DType);
        var mask = Fit(_mask, size).To(image.Device, image.DType);
        return ((image - target) * mask).Square().Mean().MoveToOuterScope();
    }

    private static Tensor Fit(Tensor t, long[] size) =>
        t.Size(2) == size[0] && t.Size(3) == size[1] ? t : Functional.Interpolate(t, size, mode: InterpolateMode.Bilinear, alignCorners: false);

    public override void Dispose()
    {
        _target?.Dispose();
        _mask?.Dispose();
        (_target, _mask) = (null, null);
    }
}
