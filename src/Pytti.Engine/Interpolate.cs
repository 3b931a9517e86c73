using TorchSharp;

namespace Pytti.Engine;

/// <summary>
/// <c>F.interpolate</c> to a size, as the engine resizes latent grids, maps, flows and targets: no scale factor,
/// <c>recompute_scale_factor</c> off, no antialiasing.
/// </summary>
internal static class Interpolate
{
    public static torch.Tensor Bilinear(torch.Tensor x, long[] size, bool alignCorners = false) =>
        torch.nn.functional.interpolate(x, size, null, torch.InterpolationMode.Bilinear, alignCorners, recompute_scale_factor: false, antialias: false);

    public static torch.Tensor Bicubic(torch.Tensor x, long[] size) =>
        torch.nn.functional.interpolate(x, size, null, torch.InterpolationMode.Bicubic, false, recompute_scale_factor: false, antialias: false);

    /// <summary>[N,C,h,w] → [N,C,<paramref name="height"/>,<paramref name="width"/>], each output pixel a copy of its nearest source pixel (PyTTI's <c>mode='nearest'</c>).</summary>
    public static torch.Tensor Nearest(torch.Tensor x, long height, long width) =>
        torch.nn.functional.interpolate(x, [height, width], null, torch.InterpolationMode.Nearest, null, recompute_scale_factor: false, antialias: false);
}
