using Pytti.Engine.Animation;
using Pytti.Scenes.Expressions;
using TorchSharp;

namespace Pytti.Engine.Losses;

/// <summary>
/// MSE between Sobel edge maps (reference 6.4): greyscale 0.2989 R + 0.587 G + 0.114 B, then 3×3
/// cross-correlation with Kx = [[1,0,−1],[2,0,−2],[1,0,−1]]/8 and Ky = Kxᵀ, zero "same" padding.
/// An optional mask [1,1,h,w] in [0,1] multiplies both edge maps, resized bilinearly to the image's size.
/// </summary>
public sealed class EdgeLoss : WeightedLoss
{
    private readonly torch.Tensor _kernels;
    private readonly torch.Tensor _targetEdges;
    private readonly torch.Tensor? _mask;

    /// <summary>Borrows <paramref name="target"/> [1,3,h,w]; takes ownership of <paramref name="mask"/>.</summary>
    public EdgeLoss(string name, CompiledExpression weight, CompiledExpression? stop, torch.Tensor target, torch.Tensor? mask = null) : base(name, weight, stop)
    {
        _mask = mask?.OwnedTo(target.device).DetachFromDisposeScope();
        _kernels = torch.tensor(new[] { 1f, 0, -1, 2, 0, -2, 1, 0, -1, 1, 2, 1, 0, 0, 0, -1, -2, -1 }, [2, 1, 3, 3], device: target.device).DetachFromDisposeScope();
        using (torch.no_grad()) _targetEdges = Edges(target).DetachFromDisposeScope();
    }

    public torch.Tensor Edges(torch.Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        var weights = torch.tensor(new[] { 0.2989f, 0.587f, 0.114f }, [1, 3, 1, 1], device: image.device).to_type(image.dtype);
        var grey = (image * weights).sum([1], keepdim: true);                                             // [N,1,H,W]
        var edges = torch.nn.functional.conv2d(grey, _kernels.to_type(image.dtype) / 8.0, null, [1, 1], [1, 1], [1, 1], 1);   // [N,2,H,W]
        return edges.permute(1, 0, 2, 3).MoveToOuterDisposeScope();                                       // -> [2,N,H,W]
    }

    protected override torch.Tensor Raw(torch.Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        var edges = Edges(image);
        long[] size = [edges.size(2), edges.size(3)];
        var target = _targetEdges.size(2) == size[0] && _targetEdges.size(3) == size[1] ? _targetEdges : Interpolate.Bilinear(_targetEdges, size);
        if (_mask is not null)
        {
            var k = Interpolate.Bilinear(_mask, size);
            return Squares.Mean(edges * k - target * k).MoveToOuterDisposeScope();
        }
        return Squares.Mean(edges - target).MoveToOuterDisposeScope();
    }

    public override void Dispose()
    {
        _kernels.Dispose();
        _targetEdges.Dispose();
        _mask?.Dispose();
    }
}
