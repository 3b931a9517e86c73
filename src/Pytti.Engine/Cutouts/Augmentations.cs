using Pytti.Torch;
using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Engine.Cutouts;

/// <summary>
/// The cutout augmentations of PyTTI (kornia 0.6.2 pipeline, reference 4), each sample deciding
/// independently: horizontal flip (p 0.3), rotation ±30° with vertical shift ±10 % (p 0.8, border
/// padding), perspective with corners moved in by up to 20 % (p 0.4), a ±1 % saturation and hue
/// jitter (p 0.7), random erasing of 10–40 % of the area (p 0.7), then per-cutout Gaussian noise
/// of strength U(0, 0.1). The random streams are ours (seeded), not kornia's.
/// </summary>
public static class Augmentations
{
    public static torch.Tensor Apply(torch.Tensor batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var n = (int)batch.shape[0];
        var x = Flip(batch, Draw(generator, n), 0.3);
        x = Warp(x, generator);
        x = ColorJitter(x, generator);
        x = Erase(x, generator);
        var strength = (torch.rand([n, 1, 1, 1], generator: generator) * 0.1).to(x.device);   // drawn on the CPU generator
        var noise = torch.randn(x.shape, generator: generator).to(x.device);
        return (x + noise * strength).MoveToOuterDisposeScope();
    }

    private static float[] Draw(torch.Generator g, int n) => torch.rand([n], generator: g).data<float>().ToArray();

    private static torch.Tensor SampleMask(float[] u, double p, long n, torch.Device device) =>
        torch.tensor(u.Select(v => v < p).ToArray(), [n, 1, 1, 1], device: device);

    private static torch.Tensor Flip(torch.Tensor x, float[] u, double p) =>
        torch.where(SampleMask(u, p, x.shape[0], x.device), x.flip(3), x);

    /// <summary>Rotation + vertical shift (affine) and perspective, combined into one sampling grid per cutout.</summary>
    private static torch.Tensor Warp(torch.Tensor x, torch.Generator g)
    {
        var n = (int)x.shape[0];
        var applyAffine = Draw(g, n);
        var angles = Draw(g, n);
        var shifts = Draw(g, n);
        var applyPerspective = Draw(g, n);
        var corners = torch.rand([n, 4, 2], generator: g).data<float>().ToArray();
        var matrices = new double[n * 9];
        for (var k = 0; k < n; k++)
        {
            var affine = applyAffine[k] < 0.8 ? Affine((angles[k] * 2 - 1) * 30, (shifts[k] * 2 - 1) * 0.1) : Homography.Identity;
            var perspective = applyPerspective[k] < 0.4 ? Homography.Perspective(corners.AsSpan(k * 8, 8), 0.2) : Homography.Identity;
            Homography.Multiply(affine, perspective).CopyTo(matrices, k * 9);
        }
        var grid = Homography.Grid(torch.tensor(matrices, [n, 3, 3], device: x.device).to_type(x.dtype), (int)x.shape[2], (int)x.shape[3]);
        return x.GridSample(grid, GridSampleMode.Bilinear, torch.GridSamplePaddingMode.Border, alignCorners: false);
    }

    /// <summary>Sampling map (output → input, normalised coordinates) of a rotation by <paramref name="degrees"/> and a vertical shift.</summary>
    private static double[] Affine(double degrees, double shiftFraction)
    {
        var r = -degrees * Math.PI / 180;                               // inverse map rotates back
        var (c, s) = (Math.Cos(r), Math.Sin(r));
        var ty = 2 * shiftFraction;                                     // fraction of height -> normalised units
        // p_in = R(-θ) (p_out - t)
        return [c, -s, s * ty, s, c, -c * ty, 0, 0, 1];
    }

    /// <summary>Saturation in [0.99, 1.01] and hue rotation in ±0.01·2π (rotation of the YIQ chroma plane).</summary>
    private static torch.Tensor ColorJitter(torch.Tensor x, torch.Generator g)
    {
        var n = x.shape[0];
        var apply = Draw(g, (int)n);
        var sat = Draw(g, (int)n);
        var hue = Draw(g, (int)n);
        var matrices = new float[n * 9];
        for (var k = 0; k < n; k++)
        {
            var m = apply[k] < 0.7 ? ChromaMatrix(0.99 + 0.02 * sat[k], (hue[k] * 2 - 1) * 0.01 * 2 * Math.PI) : ChromaMatrix(1, 0);
            for (var i = 0; i < 9; i++) matrices[k * 9 + i] = (float)m[i];
        }
        var mix = torch.tensor(matrices, [n, 3, 3], device: x.device).to_type(x.dtype);
        var pixels = x.flatten(2);                                       // [n,3,H,W] -> [n,3,HW]
        var mixed = mix.bmm(pixels).view(x.shape);                       // [n,3,HW] -> [n,3,H,W]
        return mixed.clamp(0.0, 1.0);
    }

    private static readonly double[] RgbToYiq = [0.299, 0.587, 0.114, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312];
    private static readonly double[] YiqToRgb = [1, 0.956, 0.621, 1, -0.272, -0.647, 1, -1.106, 1.703];

    private static double[] ChromaMatrix(double saturation, double hue)
    {
        var (c, s) = (Math.Cos(hue) * saturation, Math.Sin(hue) * saturation);
        double[] chroma = [1, 0, 0, 0, c, -s, 0, s, c];
        return Homography.Multiply(YiqToRgb, Homography.Multiply(chroma, RgbToYiq));
    }

    /// <summary>Zeroes one rectangle per chosen cutout: area 10–40 %, aspect ratio 0.3–3.3.</summary>
    private static torch.Tensor Erase(torch.Tensor x, torch.Generator g)
    {
        var (n, h, w) = ((int)x.shape[0], (int)x.shape[2], (int)x.shape[3]);
        var draws = torch.rand([n, 5], generator: g).data<float>().ToArray();
        var keep = new float[n * h * w];
        Array.Fill(keep, 1f);
        for (var k = 0; k < n; k++)
        {
            var d = draws.AsSpan(k * 5, 5);
            if (d[0] >= 0.7) continue;
            var area = (0.1 + 0.3 * d[1]) * h * w;
            var ratio = Math.Exp(Math.Log(0.3) + (Math.Log(1 / 0.3) - Math.Log(0.3)) * d[2]);
            var eh = Math.Clamp((int)Math.Round(Math.Sqrt(area * ratio)), 1, h);
            var ew = Math.Clamp((int)Math.Round(Math.Sqrt(area / ratio)), 1, w);
            var top = (int)(d[3] * (h - eh + 1));
            var left = (int)(d[4] * (w - ew + 1));
            for (var i = top; i < top + eh; i++)
                Array.Fill(keep, 0f, k * h * w + i * w + left, ew);
        }
        return x * torch.tensor(keep, [n, 1, h, w], device: x.device).to_type(x.dtype);
    }
}
