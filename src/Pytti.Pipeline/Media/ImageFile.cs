using System.Globalization;

namespace Pytti.Pipeline.Media;

/// <summary>Reads any image FFmpeg can decode and writes PNG, atomically.</summary>
public static class ImageFile
{
    public static RgbImage Read(string path)
    {
        if (!File.Exists(path))
            throw new MediaException($"{path}: image not found. Check the path (relative paths resolve against the scene file's folder).");
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
            throw new MediaException($"{path}: not an image FFmpeg can read (ffprobe said '{text}').");
        return (w, h);
    }

    /// <summary>Writes a PNG: encoded to a temporary file beside the target, then renamed, so a crash never leaves a half file.</summary>
    public static void WritePng(string path, RgbImage image)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = AtomicFile.TempPath(Path.Combine(dir, Path.GetFileName(path)), ".png");
        try
        {
            Ffmpeg.Run(Ffmpeg.FfmpegPath,
                ["-v", "error", "-nostdin", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{image.Width}x{image.Height}", "-i", "-",
                 "-frames:v", "1", "-y", temp], image.Pixels, path);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
