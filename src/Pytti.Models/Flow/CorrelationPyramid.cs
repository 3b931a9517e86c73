using static TorchSharp.torch;

namespace Pytti.Models.Flow;

/// <summary>
/// RAFT's all-pairs correlation volume and its lookup (upstream <c>CorrBlock</c>): the dot products of
/// every feature vector of image 1 with every one of image 2, scaled by 1/sqrt(D), average-pooled into
/// <c>levels</c> levels; a lookup samples a (2r+1)x(2r+1) window around each pixel's current match at
/// every level. Owns its tensors (outside any dispose scope).
/// </summary>
internal sealed class CorrelationPyramid : IDisposable
{
    private readonly Tensor[] _levels;
    private readonly Tensor _window;

    public CorrelationPyramid(Tensor fmap1, Tensor fmap2, int levels, int radius)
    {
        Radius = radius;
        _levels = new Tensor[levels];
        using var scope = NewDisposeScope();
        var (n, d, h, w) = (fmap1.shape[0], fmap1.shape[1], fmap1.shape[2], fmap1.shape[3]);
        var f1 = fmap1.view(n, d, h * w);                              // [N, D, HW]
        var f2 = fmap2.view(n, d, h * w);                              // [N, D, HW]
        var corr = matmul(f1.transpose(1, 2), f2);                     // [N, HW, HW]
        var scale = tensor((float)d).sqrt();                           // upstream: sqrt(tensor(dim).float())
        corr = corr.view(n, h, w, 1, h, w) / scale;                    // [N, H, W, 1, H, W]
        corr = corr.reshape(n * h * w, 1, h, w);                       // one target map per source pixel
        _levels[0] = corr.DetachFromDisposeScope();
        for (var i = 1; i < levels; i++)
            _levels[i] = nn.functional.avg_pool2d(_levels[i - 1], [2, 2], [2, 2]).DetachFromDisposeScope();
        _window = Window(radius, fmap1.device).DetachFromDisposeScope();
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
        using var scope = NewDisposeScope();
        var side = 2L * r + 1;
        var line = linspace(-r, r, side, ScalarType.Float32, device);
        var first = line.view(side, 1).expand(side, side);             // varies along dim 0
        var second = line.view(1, side).expand(side, side);            // varies along dim 1
        return stack([first, second], -1).view(1, side, side, 2).MoveToOuterDisposeScope();
    }

    /// <summary>Correlation features [N, levels·(2r+1)², H, W] around <paramref name="coords"/> [N, 2, H, W] (x, y) in 1/8 pixels.</summary>
    public Tensor Lookup(Tensor coords)
    {
        using var scope = NewDisposeScope();
        var (n, h, w) = (coords.shape[0], coords.shape[2], coords.shape[3]);
        var centres = coords.permute(0, 2, 3, 1).reshape(n * h * w, 1, 1, 2);   // [NHW, 1, 1, 2]
        var sampled = new Tensor[Levels];
        for (var i = 0; i < Levels; i++)
        {
            var points = centres / (1L << i) + _window;                          // [NHW, 2r+1, 2r+1, 2]
            sampled[i] = Sample(_levels[i], points).view(n, h, w, -1);           // [N, H, W, (2r+1)²]
        }
        return cat(sampled, -1).permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope(); // [N, C, H, W]
    }

    /// <summary>Upstream <c>bilinear_sampler</c>: pixel coordinates to [-1, 1] with aligned corners, zero padding.</summary>
    private static Tensor Sample(Tensor image, Tensor points)
    {
        var (h, w) = (image.shape[2], image.shape[3]);
        var xy = points.split(1, -1);                                            // 2 x [.., 1]
        var x = 2L * xy[0] / (w - 1) - 1L;
        var y = 2L * xy[1] / (h - 1) - 1L;
        var grid = cat([x, y], -1);
        return nn.functional.grid_sample(image, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: true); // [NHW, 1, 2r+1, 2r+1]
    }

    public void Dispose()
    {
        foreach (var level in _levels) level.Dispose();
        _window.Dispose();
    }
}
