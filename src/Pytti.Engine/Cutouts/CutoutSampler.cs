using Pytti.Torch;
using Pytti.Torch.Ops;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Engine.Cutouts;

/// <summary>
/// PyTTI's <c>pytti_classic</c> cutout sampler (reference 4): random square crops whose sizes follow
/// <c>cut_pow</c>, allowed to overhang the border by <c>cutout_border</c>, box-averaged to the
/// perceptor's input size, then augmented. Every draw comes from the given generator.
/// </summary>
public sealed class CutoutSampler(int cutSize, int count, double cutPow, double border, BorderMode borderMode, bool augment = true)
{
    public int CutSize { get; } = cutSize;
    public int Count { get; } = count;

    public CutoutBatch Sample(torch.Tensor image, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var (h, w) = ((int)image.shape[2], (int)image.shape[3]);
        var px = Math.Min((int)Math.Round(w * border, MidpointRounding.ToEven), w);
        var py = Math.Min((int)Math.Round(h * border, MidpointRounding.ToEven), h);
        if (borderMode == BorderMode.Mirror)
        {
            // reflection cannot reach further than the image itself
            px = Math.Min(px, w - 1);
            py = Math.Min(py, h - 1);
        }
        var source = borderMode == BorderMode.Clamp ? image : Pad(image, px, py);
        var normals = torch.randn([Count], generator: generator).data<float>().ToArray();
        var ux = torch.rand([Count], generator: generator).data<float>().ToArray();
        var uy = torch.rand([Count], generator: generator).data<float>().ToArray();
        var offsets = new double[Count, 2];
        var sizes = new double[Count, 2];
        var boxes = new CropBox[Count];
        var maxSize = Math.Min(w, h);
        for (var k = 0; k < Count; k++)
        {
            var u = Math.Clamp(0.8 + 0.3 * normals[k], Math.Min((double)CutSize / maxSize, 1.0), 1.0);
            var size = Math.Max(1, (int)(maxSize * Math.Pow(u, cutPow)));
            var (ox, oy) = Offset(ux[k], uy[k], w, h, size, px, py);
            var (sx, sy) = borderMode == BorderMode.Clamp ? (ox, oy) : (ox + px, oy + py);
            boxes[k] = new CropBox(sy, sx, size, size);
            offsets[k, 0] = (double)ox / w;
            offsets[k, 1] = (double)oy / h;
            sizes[k, 0] = (double)size / w;
            sizes[k, 1] = (double)size / h;
        }
        var batch = source.CropAdaptiveAvgPool2d(boxes, [CutSize, CutSize]);   // [n, 3, s, s]
        var pixels = augment ? Augmentations.Apply(batch, generator) : batch;
        return new CutoutBatch(pixels.MoveToOuterDisposeScope(), offsets, sizes);
    }

    private (int X, int Y) Offset(float ux, float uy, int w, int h, int size, int px, int py)
    {
        int Axis(float u, int side, int pad)
        {
            var max = side - size + 1;
            if (borderMode == BorderMode.Clamp)
                return Math.Clamp((int)Math.Floor(u * (max + 2.0 * pad) - pad), 0, Math.Max(0, side - size));
            var q = Math.Min(size, pad);
            return (int)Math.Floor(u * (max + 2.0 * q) - q);
        }
        return (Axis(ux, w, px), Axis(uy, h, py));
    }

    private torch.Tensor Pad(torch.Tensor image, int px, int py)
    {
        var mode = borderMode switch
        {
            BorderMode.Mirror => PaddingModes.Reflect,
            BorderMode.Smear => PaddingModes.Replicate,
            BorderMode.Wrap => PaddingModes.Circular,
            _ => PaddingModes.Constant,
        };
        return F.pad(image, [px, px, py, py], mode, 0);
    }
}
