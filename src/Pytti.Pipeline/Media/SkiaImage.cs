using SkiaSharp;

namespace Pytti.Pipeline.Media;

/// <summary>
/// Still images decoded and PNGs encoded in-process by SkiaSharp (PNG, JPEG, WebP, GIF, BMP, ICO, WBMP in; PNG out).
/// <para>
/// Decoding follows PyTTI's <c>Image.open(path).convert('RGB')</c>: PIL applies no EXIF orientation on open, so
/// neither do we (Skia reports the orientation as <see cref="SKCodec.EncodedOrigin"/> and leaves the pixels as stored);
/// PIL applies no embedded colour profile, so the destination has no colour space and Skia converts none; convert('RGB')
/// drops alpha without compositing onto any background, so pixels are decoded unpremultiplied and the alpha byte is
/// discarded; a GIF gives its first frame. 16-bit PNGs come out 8-bit: PIL keeps the high byte, Skia rounds, so a
/// sample may be one level higher than PIL's.
/// </para>
/// </summary>
internal static class SkiaImage
{
    /// <summary>The codec for <paramref name="path"/>, or null with Skia's reason when it is not a format Skia decodes (or not an image).</summary>
    public static SKCodec? Open(string path, out SKCodecResult result) => SKCodec.Create(path, out result);

    /// <summary>
    /// Whether another decoder may try: Skia knows no such format, or found the header invalid (a TIFF is "invalid" to
    /// Skia's RAW sniffer). A file Skia opened but could not finish is damaged (<see cref="Damaged"/>), not retried.
    /// </summary>
    public static bool IsUnknownFormat(SKCodecResult result) => result is SKCodecResult.Unimplemented or SKCodecResult.InvalidInput;

    /// <summary>The pixels as 8-bit RGB; a truncated or damaged file is a <see cref="MediaException"/> naming it.</summary>
    public static RgbImage Decode(SKCodec codec, string path)
    {
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);   // no colour space: no conversion
        var rgba = new byte[info.BytesSize64];
        var result = codec.GetPixels(info, rgba);
        if (result != SKCodecResult.Success)
            throw Damaged(path, result);
        var rgb = new byte[width * height * 3];
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            rgb[o] = rgba[i];
            rgb[o + 1] = rgba[i + 1];
            rgb[o + 2] = rgba[i + 2];
        }
        return new RgbImage(width, height, rgb);
    }

    /// <summary>The image as PNG bytes (8-bit RGB, no alpha channel), written to <paramref name="output"/>.</summary>
    public static void EncodePng(RgbImage image, Stream output)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = bitmap.GetPixelSpan();
        for (int i = 0, o = 0; i < image.Pixels.Length; i += 3, o += 4)
        {
            rgba[o] = image.Pixels[i];
            rgba[o + 1] = image.Pixels[i + 1];
            rgba[o + 2] = image.Pixels[i + 2];
            rgba[o + 3] = 255;
        }
        using var pixmap = bitmap.PeekPixels();
        if (!pixmap.Encode(output, new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 6)))
            throw new MediaException($"Skia could not encode a {image.Width}x{image.Height} PNG.");
    }

    public static MediaException Damaged(string path, SKCodecResult result) =>
        new($"{path}: the image is damaged or truncated (Skia: {result}). Export it again or replace the file.");
}
