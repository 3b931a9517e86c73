using TS = TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Torch;

/// <summary>
/// The cutout sampler's crops: each box of an NCHW image sliced, adaptive-average-pooled and concatenated along the batch.
/// Boxes are checked first, so a wrong one is a clear <see cref="TorchException"/> naming it rather than libtorch's error.
/// One contiguous float32/float64 CPU image takes <see cref="CropPoolKernel"/>; others (CUDA, half precision, batches) ATen's operators.
/// </summary>
internal static class CropPool
{
    public static Tensor Apply(Tensor input, ReadOnlySpan<CropBox> boxes, long[] outputSize)
    {
        if (outputSize.Length != 2) throw new ArgumentException($"outputSize has {outputSize.Length} entries, not 2.", nameof(outputSize));
        Validate(input, boxes, outputSize);
        if (CropPoolKernel.Fits(input, outputSize))
            return CropPoolKernel.apply(input.Torch, boxes.ToArray(), outputSize[0], outputSize[1]).Own();
        var source = input.Torch;
        var pooled = new List<TS.torch.Tensor>(boxes.Length);
        try
        {
            foreach (var b in boxes)
            {
                using var rows = source.narrow(2, b.Y, b.Height);     // [N,C,H,W] -> [N,C,h,W]
                using var crop = rows.narrow(3, b.X, b.Width);        // -> [N,C,h,w]
                pooled.Add(F.adaptive_avg_pool2d(crop, outputSize));  // -> [N,C,oh,ow]
            }
            return TS.torch.cat(pooled, 0).Own();                      // -> [boxes·N,C,oh,ow]
        }
        finally
        {
            foreach (var p in pooled) p.Dispose();
        }
    }

    private static void Validate(Tensor input, ReadOnlySpan<CropBox> boxes, long[] outputSize)
    {
        if (input.Dim != 4) throw new TorchException($"crop_pool: the source must be [N, C, H, W], got {input.Dim} dimensions");
        if (outputSize[0] <= 0 || outputSize[1] <= 0)
            throw new TorchException($"crop_pool: the output size must be positive, got {outputSize[0]}x{outputSize[1]}");
        if (boxes.Length == 0) throw new TorchException("crop_pool: no boxes");
        var (h, w) = (input.Size(2), input.Size(3));
        for (var k = 0; k < boxes.Length; k++)
        {
            var b = boxes[k];
            if (b.Y < 0 || b.X < 0 || b.Height <= 0 || b.Width <= 0 || b.Y + b.Height > h || b.X + b.Width > w)
                throw new TorchException($"crop_pool: box {k} (y0 {b.Y}, x0 {b.X}, {b.Height}x{b.Width}) is empty or not inside the {h}x{w} image");
        }
    }
}
