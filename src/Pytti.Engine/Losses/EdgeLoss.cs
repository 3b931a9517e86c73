using Pytti.Scenes.Expressions;
using Pytti.Torch;

namespace Pytti.Engine.Losses;

/// <summary>
/// MSE between Sobel edge maps (reference 6.4): greyscale 0.2989 R + 0.587 G + 0.114 B, then 3×3
/// cross-correlation with Kx = [[1,0,−1],[2,0,−2],[1,0,−1]]/8 and Ky = Kxᵀ, zero "same" padding.
/// An optional mask [1,1,h,w] in [0,1] multiplies both edge maps, resized bilinearly to the image's size.
/// </summary>
public sealed class EdgeLoss : WeightedLoss
{
    private readonly Tensor _kernels;
    private readonly Tensor _targetEdges;
    private readonly Tensor? _mask;

    public EdgeLoss(string name, CompiledExpression weight, CompiledExpression? stop, Tensor target, Tensor? mask = null) : base(name, weight, stop)
    {
        _mask = mask?.DetachFromScopes();
        _kernels = Tensor.From([1f, 0, -1, 2, 0, -2, 1, 0, -1, 1, 2, 1, 0, 0, 0, -1, -2, -1], 2, 1, 3, 3).DetachFromScopes();
        using (LibTorch.NoGrad()) _targetEdges = Edges(target).DetachFromScopes();
    }

    public Tensor Edges(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var weights = Tensor.From([0.2989f, 0.587f, 0.114f], 1, 3, 1, 1).To(image.DType);
        var grey = (image * weights).Sum([1], keepDim: true);                          // [N,1,H,W]
        var edges = Functional.Conv2d(grey, _kernels.To(image.DType) / 8.0, padding: [1, 1]); // [N,2,H,W]
        return edges.Permute(1, 0, 2, 3).MoveToOuterScope();                          // -> [2,N,H,W]
    }

    protected override Tensor Raw(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var edges = Edges(image);
        var target = _targetEdges.Size(2) == edges.Size(2) && _targetEdges.Size(3) == edges.Size(3)
            ? _targetEdges
            : Functional.Interpolate(_targetEdges, size: [edges.Size(2), edges.Size(3)], mode: InterpolateMode.Bilinear, alignCorners: false);
        if (_mask is not null)
        {
            var k = Functional.Interpolate(_mask, size: [edges.Size(2), edges.Size(3)], mode: InterpolateMode.Bilinear, alignCorners: false);
            return (edges * k - target * k).Square().Mean().MoveToOuterScope();
        }
        return (edges - target).Square().Mean().MoveToOuterScope();
    }

    public override void Dispose()
    {
        _kernels.Dispose();
        _targetEdges.Dispose();
        _mask?.Dispose();
    }
}
