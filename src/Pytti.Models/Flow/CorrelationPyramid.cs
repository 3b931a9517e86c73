using Pytti.Torch;

namespace Pytti.Models.Flow;

/// <summary>
/// RAFT's all-pairs correlation volume and its lookup (upstream <c>CorrBlock</c>): the dot products of
/// every feature vector of image 1 with every one of image 2, scaled by 1/sqrt(D), average-pooled into
/// <c>levels</c> levels; a lookup samples a (2r+1)x(2r+1) window around each pixel's current match at
/// every level. Owns its tensors.
/// </summary>
internal sealed class CorrelationPyramid : IDisposable
{
    private readonly Tensor[] _levels;
    private readonly Tensor _window;

    public CorrelationPyramid(Tensor fmap1, Tensor fmap2, int levels, int radius)
    {
        Radius = radius;
        _levels = new Tensor[levels];
        using var scope = LibTorch.NewDisposeScope();
        var (n, d, h, w) = (fmap1.Size(0), fmap1.Size(1), fmap1.Size(2), fmap1.Size(3));
        var f1 = fmap1.View(n, d, h * w);                              // [N, D, HW]
        var f2 = fmap2.View(n, d, h * w);                              // [N, D, HW]
        var corr = Functional.MatMul(f1.Transpose(1, 2), f2);          // [N, HW, HW]
        using var dim = Tensor.FromScalar((float)d);
        corr = corr.View(n, h, w, 1, h, w) / dim.Sqrt();               // [N, H, W, 1, H, W]
        corr = corr.Reshape(n * h * w, 1, h, w);                       // one target map per source pixel
        _levels[0] = corr.DetachFromScopes();
        for (var i = 1; i < levels; i++)
            _levels[i] = Functional.AvgPool2d(_levels[i - 1], [2, 2], [2, 2]).DetachFromScopes();
        _window = Window(radius, fmap1.Device).DetachFromScopes();
    }

    public int Radius { get; }
    public int Levels => _levels.Length;

    /// <summary>Channels of a lookup: levels · (2r+1)².</summary>
    public long Channels => Levels * (2L * Radius + 1) * (2L * Radius + 1);

    /// <summary>
    /// Offsets [(2r+1), (2r+1), 2] as upstream builds them: <c>stack(meshgrid(dy, dx), -1)</c> added to
    /// (x, y) coordinates, so the first window index moves x and the second moves y.
    /// </summary>
    private static Tensor Window(int r, Device device)
    {
        using var scope = LibTorch.NewDisposeScope();
        var side = 2L * r + 1;
        var line = Tensor.Linspace(-r, r, side, DType.Float32, device);
        var first = line.View(side, 1).Expand(side, side);             // varies along dim 0
        var second = line.View(1, side).Expand(side, side);            // varies along dim 1
        return Tensor.Stack([first, second], -1).View(1, side, side, 2).MoveToOuterScope();
    }

    /// <summary>Correlation features [N, levels·(2r+1)², H, W] around <paramref name="coords"/> [N, 2, H, W] (x, y) in 1/8 pixels.</summary>
    public Tensor Lookup(Tensor coords)
    {
        using var scope = LibTorch.NewDisposeScope();
        var (n, h, w) = (coords.Size(0), coords.Size(2), coords.Size(3));
        var centres = coords.Permute(0, 2, 3, 1).Reshape(n * h * w, 1, 1, 2);   // [NHW, 1, 1, 2]
        var sampled = new Tensor[Levels];
        for (var i = 0; i < Levels; i++)
        {
            var points = centres / (1L << i) + _window;                          // [NHW, 2r+1, 2r+1, 2]
            sampled[i] = Sample(_levels[i], points).View(n, h, w, -1);           // [N, H, W, (2r+1)²]
        }
        return Tensor.Cat(sampled, -1).Permute(0, 3, 1, 2).Contiguous().MoveToOuterScope(); // [N, C, H, W]
    }

    /// <summary>Upstream <c>bilinear_sampler</c>: pixel coordinates to [-1, 1] with aligned corners, zero padding.</summary>
    private static Tensor Sample(Tensor image, Tensor points)
    {
        var (h, w) = (image.Size(2), image.Size(3));
        var xy = points.Split(1, -1);                                            // 2 x [.., 1]
        var x = 2L * xy[0] / (w - 1) - 1L;
        var y = 2L * xy[1] / (h - 1) - 1L;
        var grid = Tensor.Cat([x, y], -1);
        return Functional.GridSample(image, grid, alignCorners: true);           // [NHW, 1, 2r+1, 2r+1]
    }

    public void Dispose()
    {
        foreach (var level in _levels) level.Dispose();
        _window.Dispose();
    }
}
