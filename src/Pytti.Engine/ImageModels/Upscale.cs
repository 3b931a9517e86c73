using TorchSharp;

namespace Pytti.Engine.ImageModels;

/// <summary>Nearest-neighbour resizing of latent grids to the output size (PyTTI's <c>F.interpolate(..., mode='nearest')</c>).</summary>
internal static class Upscale
{
    /// <summary>[N,C,h,w] → [N,C,<paramref name="height"/>,<paramref name="width"/>], each output pixel a copy of its nearest source pixel.</summary>
    public static torch.Tensor Nearest(torch.Tensor image, long height, long width) =>
        torch.nn.functional.interpolate(image, [height, width], null, torch.InterpolationMode.Nearest, null,
            recompute_scale_factor: false, antialias: false);
}
