using TS = TorchSharp;

namespace Pytti.Torch;

/// <summary>
/// <c>F.grid_sample(mode='bicubic')</c> from tensor operators, since TorchSharp 0.107 offers only nearest and bilinear
/// grid sampling. It follows ATen's CPU kernel: unnormalise the grid, take the 4×4 taps around each point with Keys'
/// cubic convolution weights (A = −0.75), and bring every tap inside the image the way the padding mode says
/// (zeros: taps outside count 0; border: clamp; reflection: mirror, then clamp). Differentiable in the image and the grid.
/// </summary>
internal static class BicubicGridSample
{
    private const double A = -0.75;

    public static Tensor Apply(Tensor input, Tensor grid, GridPaddingMode padding, bool alignCorners)
    {
        if (input.Dim != 4 || grid.Dim != 4 || grid.Size(3) != 2 || grid.Size(0) != input.Size(0))
            throw new TorchException($"bicubic grid_sample takes input [N, C, H, W] and grid [N, H', W', 2], not {input.ShapeString} and {grid.ShapeString}.");
        using var scope = LibTorch.NewDisposeScope();
        var (n, c, h, w) = (input.Size(0), input.Size(1), input.Size(2), input.Size(3));
        var (ho, wo) = (grid.Size(1), grid.Size(2));
        var g = grid.To(input.DType);
        var ix = Unnormalize(g.Select(3, 0), w, alignCorners);          // [N,H',W']
        var iy = Unnormalize(g.Select(3, 1), h, alignCorners);
        var (x0, y0) = (ix.Floor().Detach(), iy.Floor().Detach());
        var wx = Weights(ix - x0);
        var wy = Weights(iy - y0);
        var flat = input.Reshape(n, c, h * w);                           // [N,C,H,W] -> [N,C,H·W]
        Tensor? sum = null;
        for (var i = 0; i < 4; i++)
        {
            var (row, rowInside) = Tap(y0 + (i - 1), h, padding, alignCorners);
            for (var j = 0; j < 4; j++)
            {
                var (col, colInside) = Tap(x0 + (j - 1), w, padding, alignCorners);
                var index = (row * w + col).To(DType.Int64).Reshape(n, 1, ho * wo).Expand(n, c, ho * wo);   // [N,C,H'·W']
                var weight = wy[i] * wx[j];                                                                 // [N,H',W']
                if (rowInside is not null) weight = weight * rowInside * colInside!;
                var term = flat.Gather(2, index) * weight.Reshape(n, 1, ho * wo);
                sum = sum is null ? term : sum + term;
            }
        }
        return sum!.View(n, c, ho, wo).MoveToOuterScope();             // [N,C,H'·W'] -> [N,C,H',W']
    }

    // ATen's grid_sampler_unnormalize: [-1, 1] to pixel coordinates.
    private static Tensor Unnormalize(Tensor coordinate, long size, bool alignCorners) =>
        alignCorners ? (coordinate + 1) / 2 * (size - 1) : ((coordinate + 1) * size - 1) / 2;

    // Keys' cubic convolution weights of the four taps at offsets −1, 0, 1, 2 from floor(x), for t = x − floor(x).
    private static Tensor[] Weights(Tensor t)
    {
        Tensor Near(Tensor x) => ((x * (A + 2) - (A + 3)) * x * x) + 1;              // |x| ≤ 1
        Tensor Far(Tensor x) => ((x * A - 5 * A) * x + 8 * A) * x - 4 * A;           // 1 < |x| < 2
        return [Far(t + 1), Near(t), Near(1 - t), Far(2 - t)];
    }

    // A tap's integer coordinate inside [0, size−1], and for zero padding a 0/1 mask of taps that were inside.
    private static (Tensor Coordinate, Tensor? Inside) Tap(Tensor coordinate, long size, GridPaddingMode padding, bool alignCorners)
    {
        switch (padding)
        {
            case GridPaddingMode.Zeros:
                var inside = coordinate.Ge(0).LogicalAnd(coordinate.Le(size - 1)).To(coordinate.DType);
                return (coordinate.Clamp(0, size - 1), inside);
            case GridPaddingMode.Border:
                return (coordinate.Clamp(0, size - 1), null);
            default:
                var reflected = alignCorners ? Reflect(coordinate, 0, 2 * (size - 1)) : Reflect(coordinate, -1, 2 * size - 1);
                return (reflected.Clamp(0, size - 1), null);
        }
    }

    // ATen's reflect_coordinates over [twiceLow/2, twiceHigh/2].
    private static Tensor Reflect(Tensor coordinate, long twiceLow, long twiceHigh)
    {
        if (twiceLow == twiceHigh) return coordinate.ZerosLike();
        var min = twiceLow / 2.0;
        var span = (twiceHigh - twiceLow) / 2.0;
        var distance = (coordinate - min).Abs();
        var extra = distance % span;
        var flips = (distance / span).Floor();
        var even = (flips % 2).Eq(0);
        return Tensor.Where(even, extra + min, (extra * -1) + (span + min));
    }
}
