using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>
/// <c>F.interpolate</c> to a size, as the animation and the losses resize maps, flows and targets: no scale factor,
/// <c>recompute_scale_factor</c> off, no antialiasing.
/// </summary>
internal static class Interpolate
{
    public static torch.Tensor Bilinear(torch.Tensor x, long[] size, bool alignCorners = false) =>
        torch.nn.functional.interpolate(x, size, null, torch.InterpolationMode.Bilinear, alignCorners, recompute_scale_factor: false, antialias: false);

    public static torch.Tensor Bicubic(torch.Tensor x, long[] size) =>
        torch.nn.functional.interpolate(x, size, null, torch.InterpolationMode.Bicubic, false, recompute_scale_factor: false, antialias: false);
}
