using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Torch.Ops;

/// <summary>
/// The cutout sampler's crops: each box of an NCHW image sliced, adaptive-average-pooled and concatenated along the batch.
/// Boxes are checked first, so a wrong one is a clear <see cref="TorchException"/> naming it rather than libtorch's error.
/// One contiguous float32/float64 CPU image takes <see cref="CropPoolKernel"/>; others (CUDA, half precision, batches) ATen's operators.
/// </summary>
public static class CropPool
{
    /// <summary>
    /// Each box of <paramref name="input"/> [N, C, H, W] cropped and adaptive-average-pooled to <paramref name="outputSize"/>,
    /// concatenated along the batch: [boxes·N, C, h, w], the value and gradient of slicing each box, adaptive_avg_pool2d and
    /// cat. Every box must be non-empty and inside the image (<see cref="TorchException"/> otherwise).
    /// </summary>
    public static torch.Tensor CropAdaptiveAvgPool2d(this torch.Tensor input, ReadOnlySpan<CropBox> boxes, long[] outputSize)
    {
        if (outputSize.Length != 2) throw new ArgumentException($"outputSize has {outputSize.Length} entries, not 2.", nameof(outputSize));
        Validate(input, boxes, outputSize);
        if (CropPoolKernel.Fits(input, outputSize))
            return CropPoolKernel.apply(input, boxes.ToArray(), outputSize[0], outputSize[1]);
        var pooled = new List<torch.Tensor>(boxes.Length);
        try
        {
            foreach (var b in boxes)
            {
                using var rows = input.narrow(2, b.Y, b.Height);      // [N,C,H,W] -> [N,C,h,W]
                using var crop = rows.narrow(3, b.X, b.Width);        // -> [N,C,h,w]
                pooled.Add(F.adaptive_avg_pool2d(crop, outputSize));  // -> [N,C,oh,ow]
            }
            return torch.cat(pooled, 0);                               // -> [boxes·N,C,oh,ow]
        }
        finally
        {
            foreach (var p in pooled) p.Dispose();
        }
    }

    private static void Validate(torch.Tensor input, ReadOnlySpan<CropBox> boxes, long[] outputSize)
    {
        if (input.dim() != 4) throw new TorchException($"crop_pool: the source must be [N, C, H, W], got {input.dim()} dimensions");
        if (outputSize[0] <= 0 || outputSize[1] <= 0)
            throw new TorchException($"crop_pool: the output size must be positive, got {outputSize[0]}x{outputSize[1]}");
        if (boxes.Length == 0) throw new TorchException("crop_pool: no boxes");
        var (h, w) = (input.shape[2], input.shape[3]);
        for (var k = 0; k < boxes.Length; k++)
        {
            var b = boxes[k];
            if (b.Y < 0 || b.X < 0 || b.Height <= 0 || b.Width <= 0 || b.Y + b.Height > h || b.X + b.Width > w)
                throw new TorchException($"crop_pool: box {k} (y0 {b.Y}, x0 {b.X}, {b.Height}x{b.Width}) is empty or not inside the {h}x{w} image");
        }
    }
}
