using Pytti.Torch;
using TorchSharp;

namespace Pytti.Engine.Imaging;

/// <summary>
/// PIL's <c>Image.resize(..., LANCZOS)</c>, which PyTTI uses for init images, direct-loss targets and video frames,
/// as a differentiable tensor operation: a separable Lanczos-3 filter whose support widens with the reduction
/// factor (so downscaling averages every source pixel), normalised per output pixel, pixel centres mapped as PIL maps
/// them (<c>(x + 0.5)·in/out</c>) and clipped at the edges. Two matrix products: width, then height.
/// Like PIL, the first pass's overshoot (Lanczos rings at edges) is clipped before the second. PIL also rounds to
/// 8 bits between and after its passes; this stays in floating point, so the two agree to about one 8-bit level.
/// </summary>
public static class Lanczos
{
    /// <summary>Lanczos-3: the filter reaches three source pixels (at scale 1) either side.</summary>
    public const double Lobes = 3.0;

    /// <summary><paramref name="image"/> [N,C,H,W] resized to <paramref name="height"/>×<paramref name="width"/>, clamped to [0, 1].</summary>
    public static torch.Tensor Resize(torch.Tensor image, long height, long width)
    {
        using var scope = torch.NewDisposeScope();
        long h = image.shape[2], w = image.shape[3];
        var x = image;
        if (w != width) x = x.matmul(Weights(w, width).to(image.dtype, image.device).T).clamp(0.0, 1.0);   // [..,H,w]·[w,W'], clipped as PIL's first pass
        if (h != height) x = Weights(h, height).to(image.dtype, image.device).matmul(x);                      // [H',H]·[..,H,W']
        return (ReferenceEquals(x, image) ? image.clone() : x.clamp(0.0, 1.0)).MoveToOuterDisposeScope();
    }

    /// <summary>The [out, in] matrix of one axis: row o holds the normalised filter taps of output pixel o.</summary>
    public static torch.Tensor Weights(long inSize, long outSize)
    {
        var scale = (double)inSize / outSize;
        var stretch = Math.Max(scale, 1.0);                  // downscaling widens the filter to cover every source pixel
        var support = Lobes * stretch;
        var weights = new float[outSize * inSize];
        var taps = new double[inSize];
        for (long o = 0; o < outSize; o++)
        {
            var centre = (o + 0.5) * scale;
            var first = Math.Max((long)(centre - support + 0.5), 0);
            var last = Math.Min((long)(centre + support + 0.5), inSize);
            double sum = 0;
            for (var i = first; i < last; i++) sum += taps[i] = Kernel((i - centre + 0.5) / stretch);
            for (var i = first; i < last; i++) weights[o * inSize + i] = (float)(sum == 0 ? 0 : taps[i] / sum);
        }
        return torch.tensor(weights, [outSize, inSize]);
    }

    /// <summary><c>sinc(x)·sinc(x/3)</c> on (−3, 3), 0 elsewhere.</summary>
    private static double Kernel(double x)
    {
        if (x <= -Lobes || x >= Lobes) return 0;
        return Sinc(x) * Sinc(x / Lobes);
    }

    private static double Sinc(double x)
    {
        if (x == 0) return 1;
        var px = Math.PI * x;
        return Math.Sin(px) / px;
    }
}
