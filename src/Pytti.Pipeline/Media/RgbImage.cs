using Pytti.Torch;

namespace Pytti.Pipeline.Media;

/// <summary>An 8-bit RGB image in memory, row-major HWC.</summary>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    /// <summary>[1, 3, H, W] float32 in [0, 1] (PIL → tensor: value / 255).</summary>
    public Tensor ToTensor()
    {
        using var scope = LibTorch.NewDisposeScope();
        var hwc = Tensor.From(Pixels, Height, Width, 3);
        return (hwc.Permute(2, 0, 1).Unsqueeze(0).To(DType.Float32) / 255.0).MoveToOuterScope(); // [H,W,3] -> [1,3,H,W]
    }

    /// <summary>From [1, 3, H, W] or [3, H, W] values nominally in [0, 1]: ×255, clamped, truncated to uint8 (as PyTTI's tensor → PIL).</summary>
    public static RgbImage FromTensor(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var chw = image.Dim == 4 ? image.Select(0, 0) : image;
        if (chw.Dim != 3 || chw.Size(0) != 3)
            throw new ArgumentException($"expected an image tensor [1,3,H,W] or [3,H,W], got {image.ShapeString}");
        var bytes = (chw.Detach().To(DType.Float32) * 255.0).Clamp(0, 255).To(DType.UInt8).Permute(1, 2, 0); // -> [H,W,3]
        return new RgbImage((int)chw.Size(2), (int)chw.Size(1), bytes.ToArray<byte>());
    }
}
