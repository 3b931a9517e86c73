using Pytti.Pipeline.Media;
using SkiaSharp;

namespace Pytti.Cli.Preview;

/// <summary>PNG bytes of an image in memory, for the page (files on disk go through <see cref="ImageFile"/>).</summary>
internal static class PngEncoder
{
    public static byte[] Encode(RgbImage image)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = bitmap.GetPixelSpan();
        for (var i = 0; i < image.Width * image.Height; i++)
        {
            rgba[4 * i] = image.Pixels[3 * i];
            rgba[4 * i + 1] = image.Pixels[3 * i + 1];
            rgba[4 * i + 2] = image.Pixels[3 * i + 2];
            rgba[4 * i + 3] = 255;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
