using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Models.Depth;

/// <summary>
/// Upstream <c>image2tensor</c>'s transforms on an RGB [N, 3, H, W] image in [0, 1]: resize (aspect kept)
/// so both sides are at least <c>inputSize</c> and multiples of 14, then ImageNet mean/std normalisation
/// (computed in float64 as upstream's numpy does, returned as float32).
/// </summary>
public static class DepthPreprocessing
{
    public const int Multiple = 14;
    private static readonly double[] Mean = [0.485, 0.456, 0.406];
    private static readonly double[] Std = [0.229, 0.224, 0.225];

    /// <summary>
    /// Upstream <c>Resize(keep_aspect_ratio, ensure_multiple_of=14, resize_method='lower_bound')</c>:
    /// scale = max(inputSize/H, inputSize/W); each side round(scale·side/14)·14 (half to even, as numpy),
    /// or the ceiling multiple when that falls below <paramref name="inputSize"/>.
    /// </summary>
    public static (long Height, long Width) TargetSize(long height, long width, int inputSize)
    {
        if (height < 1 || width < 1) throw new ArgumentException($"An image of {height}x{width} pixels has nothing to resize.");
        if (inputSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "The input size must be positive.");
        var scale = Math.Max(inputSize / (double)height, inputSize / (double)width);
        return (Constrain(scale * height, inputSize), Constrain(scale * width, inputSize));
    }

    private static long Constrain(double side, int minimum)
    {
        var y = (long)(Math.Round(side / Multiple, MidpointRounding.ToEven) * Multiple);
        return y < minimum ? (long)(Math.Ceiling(side / Multiple) * Multiple) : y;
    }

    /// <summary>The network input [N, 3, H', W'] (float32) for an RGB image in [0, 1].</summary>
    public static Tensor Prepare(Tensor image, int inputSize)
    {
        using var scope = NewDisposeScope();
        var (h, w) = TargetSize(image.shape[2], image.shape[3], inputSize);
        // cv2.INTER_CUBIC is approximated by PyTorch's bicubic (a = -0.75, half-pixel centres, no antialias)
        var resized = h == image.shape[2] && w == image.shape[3]
            ? image
            : nn.functional.interpolate(image, size: [h, w], mode: InterpolationMode.Bicubic, align_corners: false, recompute_scale_factor: false);
        var wide = resized.to_type(ScalarType.Float64);
        var mean = tensor(Mean, [1, 3, 1, 1], device: image.device);
        var std = tensor(Std, [1, 3, 1, 1], device: image.device);
        return ((wide - mean) / std).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}
