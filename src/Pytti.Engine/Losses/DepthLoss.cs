using Pytti.Engine.Animation;
using Pytti.Scenes.Expressions;
using TorchSharp;

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
    private readonly torch.Tensor _targetDepth;
    private readonly torch.Tensor? _mask;

    /// <summary>Borrows <paramref name="target"/> [1,3,H,W]; takes ownership of <paramref name="mask"/>.</summary>
    public DepthLoss(string name, CompiledExpression weight, CompiledExpression? stop, DepthEstimator depth, torch.Tensor target, torch.Tensor? mask = null)
        : base(name, weight, stop)
    {
        _depth = depth;
        depth.EnsureLoaded();
        _targetDepth = depth.Predict(target).DetachFromDisposeScope();          // [1,1,H,W]
        _mask = mask?.DetachFromDisposeScope();
    }

    protected override torch.Tensor Raw(torch.Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        var depth = _depth.Disparity(image);                                      // [1,1,H,W]
        long[] size = [depth.size(2), depth.size(3)];
        var target = _targetDepth.size(2) == size[0] && _targetDepth.size(3) == size[1]
            ? _targetDepth
            : Interpolate.Bilinear(_targetDepth, size, alignCorners: true);
        if (_mask is null) return Squares.Mean(depth - target).MoveToOuterDisposeScope();
        var k = Interpolate.Bilinear(_mask.to(depth.dtype, depth.device), size);
        return Squares.Mean(depth * k - target * k).MoveToOuterDisposeScope();
    }

    public override void Dispose()
    {
        _targetDepth.Dispose();
        _mask?.Dispose();
    }
}
