using Pytti.Engine.Animation;
using TorchSharp;

namespace Pytti.Engine.Prompts;

/// <summary>
/// PIL's <c>convert("L")</c> as Pillow 7 (PyTTI's pin) computes it on 8-bit RGB:
/// <c>L = (299·R + 587·G + 114·B) / 1000</c>, integer division (truncation).
/// </summary>
internal static class ImageMaskGreyscale
{
    /// <summary>Image [1,3,h,w] in [0,1] → greyscale values in [0,1], row-major, with its width and height.</summary>
    public static (float[] Grey, int Width, int Height) FromRgb(torch.Tensor rgb)
    {
        if (rgb.dim() != 4 || rgb.size(0) != 1 || rgb.size(1) != 3)
            throw new ArgumentException($"a mask image must be [1, 3, h, w], not [{string.Join(", ", rgb.shape)}]", nameof(rgb));
        int height = (int)rgb.size(2), width = (int)rgb.size(3);
        var values = TensorValues.Floats(rgb);                                        // [1,3,h,w] flattened: channel planes
        var plane = width * height;
        var grey = new float[plane];
        for (var i = 0; i < plane; i++)
        {
            int r = Byte(values[i]), g = Byte(values[plane + i]), b = Byte(values[2 * plane + i]);
            grey[i] = (299 * r + 587 * g + 114 * b) / 1000 / 255f;
        }
        return (grey, width, height);
    }

    private static int Byte(float v) => (int)Math.Round(Math.Clamp(v, 0f, 1f) * 255f);
}
