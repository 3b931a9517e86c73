namespace Pytti.Pipeline.Media;

/// <summary>
/// Still images in and out. PNG, JPEG, WebP, GIF and BMP are decoded in-process by SkiaSharp (<see cref="SkiaImage"/>
/// says how its decoding matches PyTTI's PIL); other formats fall back to an FFmpeg process (<see cref="FfmpegImage"/>).
/// PNGs are encoded by SkiaSharp and written atomically.
/// </summary>
public static class ImageFile
{
    public static RgbImage Read(string path)
    {
        using var codec = Open(path);
        return codec is null ? Fallback(path, FfmpegImage.Read) : SkiaImage.Decode(codec, path);
    }

    /// <summary>The image's size in pixels as stored (no EXIF rotation), read from its header.</summary>
    public static (int Width, int Height) Probe(string path)
    {
        using var codec = Open(path);
        return codec is null ? Fallback(path, FfmpegImage.Probe) : (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Writes a PNG: encoded into a temporary file beside the target, then renamed, so a crash never leaves a half file.</summary>
    public static void WritePng(string path, RgbImage image) => AtomicFile.Write(path, stream => SkiaImage.EncodePng(image, stream));

    /// <summary>The PNG bytes <see cref="WritePng"/> writes, in memory.</summary>
    public static byte[] EncodePng(RgbImage image)
    {
        using var buffer = new MemoryStream();
        SkiaImage.EncodePng(image, buffer);
        return buffer.ToArray();
    }

    /// <summary>Skia's codec for the file; null when Skia does not know the format (FFmpeg may).</summary>
    private static SkiaSharp.SKCodec? Open(string path)
    {
        if (!File.Exists(path))
            throw new MediaException($"{path}: image not found. Check the path (relative paths resolve against the scene file's folder).");
        var codec = SkiaImage.Open(path, out var result);
        if (codec is null && !SkiaImage.IsUnknownFormat(result)) throw SkiaImage.Damaged(path, result);
        return codec;
    }

    /// <summary>A format Skia does not decode, read by FFmpeg; without FFmpeg installed, says what to do.</summary>
    private static T Fallback<T>(string path, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (MediaException e) when (e.InnerException is System.ComponentModel.Win32Exception)
        {
            throw new MediaException($"{path}: not a PNG, JPEG, WebP, GIF or BMP image, and FFmpeg, which reads other formats, is not installed. "
                + "Convert the image to PNG or JPEG, or install FFmpeg (apt-get install ffmpeg) or set PYTTI_FFMPEG.", e);
        }
    }
}
