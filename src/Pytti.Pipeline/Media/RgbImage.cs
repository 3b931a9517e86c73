using TorchSharp;

namespace Pytti.Pipeline.Media;

/// <summary>An 8-bit RGB image in memory, row-major HWC.</summary>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    /// <summary>
    /// [1, 3, H, W] float32 in [0, 1] (PIL → tensor: value / 255) on <paramref name="device"/> (null = CPU); the caller owns it.
    /// The pixels are converted on the CPU, so every device receives the same values.
    /// </summary>
    public torch.Tensor ToTensor(torch.Device? device = null)
    {
        using var scope = torch.NewDisposeScope();
        var hwc = torch.empty([Height, Width, 3], torch.ScalarType.Byte);
        Pixels.AsSpan().CopyTo(hwc.bytes);
        var image = hwc.permute(2, 0, 1).unsqueeze(0).to_type(torch.ScalarType.Float32) / 255.0; // [H,W,3] -> [1,3,H,W]
        return (device is null ? image : image.to(device)).MoveToOuterDisposeScope();
    }

    /// <summary>From [1, 3, H, W] or [3, H, W] values nominally in [0, 1]: ×255, clamped, truncated to uint8 (as PyTTI's tensor → PIL).</summary>
    public static RgbImage FromTensor(torch.Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        var chw = image.dim() == 4 ? image.select(0, 0) : image;
        if (chw.dim() != 3 || chw.size(0) != 3)
            throw new ArgumentException($"expected an image tensor [1,3,H,W] or [3,H,W], got [{string.Join(", ", image.shape)}]");
        var bytes = (chw.detach().to_type(torch.ScalarType.Float32) * 255.0).clamp(0, 255).to_type(torch.ScalarType.Byte).permute(1, 2, 0); // -> [H,W,3]
        return new RgbImage((int)chw.size(2), (int)chw.size(1), HostBytes(bytes));
    }

    /// <summary>The elements' bytes in row-major order, through a dense CPU copy when the tensor is not one already.</summary>
    private static byte[] HostBytes(torch.Tensor t)
    {
        var dense = t.device_type == DeviceType.CPU && t.is_contiguous() ? t : t.cpu().contiguous();
        return dense.bytes.ToArray();
    }
}
