using Pytti.Engine.Animation;
using Pytti.Scenes.Expressions;
using Pytti.Torch;

namespace Pytti.Engine.Losses;

/// <summary>
/// Depth stabilisation (reference 6.5, with Depth Anything V2 instead of AdaBins): MSE between the depth of
/// the training image (through the network, with gradient to the image) and the depth of the target frame
/// (computed once, without gradient). Unlike PyTTI, both go through the same preprocessing (PyTTI normalised
/// and flip-averaged only the target, quirk 22). Depth is Depth Anything's relative inverse depth.
/// An optional mask [1,1,h,w] in [0,1] (the mask of <c>depth_stabilization_weight</c>) multiplies both depth
/// maps, resized bilinearly to their size, as the direct losses do (reference 6.5 "optional mask").
/// </summary>
public sealed class DepthLoss : WeightedLoss
{
    private readonly DepthEstimator _depth;
    private readonly Tensor _targetDepth;
    private readonly Tensor? _mask;

    public DepthLoss(string name, CompiledExpression weight, CompiledExpression? stop, DepthEstimator depth, Tensor target, Tensor? mask = null)
        : base(name, weight, stop)
    {
        _depth = depth;
        _targetDepth = depth.Predict(target).DetachFromScopes();                  // [1,1,H,W]
        _mask = mask?.DetachFromScopes();
    }

    protected override Tensor Raw(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var depth = _depth.Disparity(image);                                      // [1,1,H,W]
        var target = _targetDepth.Size(2) == depth.Size(2) && _targetDepth.Size(3) == depth.Size(3)
            ? _targetDepth
            : Functional.Interpolate(_targetDepth, size: [depth.Size(2), depth.Size(3)], mode: InterpolateMode.Bilinear, alignCorners: true);
        if (_mask is null) return (depth - target).Square().Mean().MoveToOuterScope();
        var k = Functional.Interpolate(_mask.To(depth.Device, depth.DType), size: [depth.Size(2), depth.Size(3)], mode: InterpolateMode.Bilinear, alignCorners: false);
        return (depth * k - target * k).Square().Mean().MoveToOuterScope();
    }

    public override void Dispose()
    {
        _targetDepth.Dispose();
        _mask?.Dispose();
    }
}
