using System.Globalization;

namespace Pytti.Pipeline.Media;

/// <summary>
/// Still images in formats Skia does not decode (TIFF, HEIF, AVIF, EXR, ...) read through an FFmpeg process: the
/// fallback of <see cref="ImageFile"/>, so PNG, JPEG, WebP, GIF and BMP never need FFmpeg installed.
/// </summary>
internal static class FfmpegImage
{
    public static RgbImage Read(string path)
    {
        var (width, height) = Probe(path);
        var pixels = Ffmpeg.Run(Ffmpeg.FfmpegPath,
            ["-v", "error", "-nostdin", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], null, path);
        if (pixels.Length != width * height * 3)
            throw new MediaException($"{path}: decoded {pixels.Length} bytes for a {width}x{height} image; the file may be damaged.");
        return new RgbImage(width, height, pixels);
    }

    public static (int Width, int Height) Probe(string path)
    {
        var output = Ffmpeg.Run(Ffmpeg.FfprobePath,
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", path], null, path);
        var text = System.Text.Encoding.UTF8.GetString(output).Trim();
        var parts = text.Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var w) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h))
            throw new MediaException($"{path}: not an image FFmpeg can read (ffprobe said '{text}'). Convert it to PNG or JPEG.");
        return (w, h);
    }
}
