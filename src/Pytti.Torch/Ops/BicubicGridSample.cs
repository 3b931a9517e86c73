using TorchSharp;

namespace Pytti.Torch.Ops;

/// <summary>
/// <c>F.grid_sample(mode='bicubic')</c> from tensor operators. It follows ATen's CPU kernel: unnormalise the grid, take
/// the 4×4 taps around each point with Keys' cubic convolution weights (A = −0.75), and bring every tap inside the image
/// the way the padding mode says (zeros: taps outside count 0; border: clamp; reflection: mirror, then clamp).
/// Differentiable in the image and the grid.
/// </summary>
internal static class BicubicGridSample
{
    private const double A = -0.75;

    public static torch.Tensor Apply(torch.Tensor input, torch.Tensor grid, torch.GridSamplePaddingMode padding, bool alignCorners)
    {
        if (input.dim() != 4 || grid.dim() != 4 || grid.shape[3] != 2 || grid.shape[0] != input.shape[0])
            throw new TorchException($"bicubic grid_sample takes input [N, C, H, W] and grid [N, H', W', 2], not {Shape(input)} and {Shape(grid)}.");
        using var scope = torch.NewDisposeScope();
        var (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3]);
        var (ho, wo) = (grid.shape[1], grid.shape[2]);
        var g = grid.to_type(input.dtype);
        var ix = Unnormalize(g.select(3, 0), w, alignCorners);          // [N,H',W']
        var iy = Unnormalize(g.select(3, 1), h, alignCorners);
        var (x0, y0) = (ix.floor().detach(), iy.floor().detach());
        var wx = Weights(ix - x0);
        var wy = Weights(iy - y0);
        var flat = input.reshape(n, c, h * w);                           // [N,C,H,W] -> [N,C,H·W]
        torch.Tensor? sum = null;
        for (var i = 0; i < 4; i++)
        {
            var (row, rowInside) = Tap(y0 + (i - 1), h, padding, alignCorners);
            for (var j = 0; j < 4; j++)
            {
                var (col, colInside) = Tap(x0 + (j - 1), w, padding, alignCorners);
                var index = (row * w + col).to_type(torch.int64).reshape(n, 1, ho * wo).expand(n, c, ho * wo);   // [N,C,H'·W']
                var weight = wy[i] * wx[j];                                                                      // [N,H',W']
                if (rowInside is not null) weight = weight * rowInside * colInside!;
                var term = flat.gather(2, index) * weight.reshape(n, 1, ho * wo);
                sum = sum is null ? term : sum + term;
            }
        }
        return sum!.view(n, c, ho, wo).MoveToOuterDisposeScope();        // [N,C,H'·W'] -> [N,C,H',W']
    }

    private static string Shape(torch.Tensor t) => "[" + string.Join(", ", t.shape) + "]";

    // ATen's grid_sampler_unnormalize: [-1, 1] to pixel coordinates.
    private static torch.Tensor Unnormalize(torch.Tensor coordinate, long size, bool alignCorners) =>
        alignCorners ? (coordinate + 1) / 2 * (size - 1) : ((coordinate + 1) * size - 1) / 2;

    // Keys' cubic convolution weights of the four taps at offsets −1, 0, 1, 2 from floor(x), for t = x − floor(x).
    private static torch.Tensor[] Weights(torch.Tensor t)
    {
        torch.Tensor Near(torch.Tensor x) => ((x * (A + 2) - (A + 3)) * x * x) + 1;              // |x| ≤ 1
        torch.Tensor Far(torch.Tensor x) => ((x * A - 5 * A) * x + 8 * A) * x - 4 * A;           // 1 < |x| < 2
        return [Far(t + 1), Near(t), Near(1 - t), Far(2 - t)];
    }

    // A tap's integer coordinate inside [0, size−1], and for zero padding a 0/1 mask of taps that were inside.
    private static (torch.Tensor Coordinate, torch.Tensor? Inside) Tap(torch.Tensor coordinate, long size,
        torch.GridSamplePaddingMode padding, bool alignCorners)
    {
        switch (padding)
        {
            case torch.GridSamplePaddingMode.Zeros:
                var inside = coordinate.ge(0).logical_and(coordinate.le(size - 1)).to_type(coordinate.dtype);
                return (coordinate.clamp(0, size - 1), inside);
            case torch.GridSamplePaddingMode.Border:
                return (coordinate.clamp(0, size - 1), null);
            default:
                var reflected = alignCorners ? Reflect(coordinate, 0, 2 * (size - 1)) : Reflect(coordinate, -1, 2 * size - 1);
                return (reflected.clamp(0, size - 1), null);
        }
    }

    // ATen's reflect_coordinates over [twiceLow/2, twiceHigh/2].
    private static torch.Tensor Reflect(torch.Tensor coordinate, long twiceLow, long twiceHigh)
    {
        if (twiceLow == twiceHigh) return torch.zeros_like(coordinate);
        var min = twiceLow / 2.0;
        var span = (twiceHigh - twiceLow) / 2.0;
        var distance = (coordinate - min).abs();
        var extra = distance.remainder(span);
        var flips = (distance / span).floor();
        var even = flips.remainder(2).eq(0);
        return torch.where(even, extra + min, (extra * -1) + (span + min));
    }
}
