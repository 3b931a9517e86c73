using System.Globalization;

namespace Pytti.Pipeline.Media;

/// <summary>
/// The frames of a video file, read through FFmpeg (reference 8.4). Unlike PyTTI, the video is not
/// re-encoded to <c>frames_per_second</c> first: frame n is the n-th decoded frame of the file as it is.
/// The frame count is counted by ffprobe (packets of the first video stream), so it is exact for
/// constant-frame-rate files. The last few frames read are cached (a render reads each twice, at
/// neighbouring boundaries). Each read decodes from the start of the file (<c>select=eq(n,N)</c>): simple and
/// exact, but quadratic in the video's length; long videos would want sequential decoding.
/// </summary>
public sealed class VideoFrames
{
    private const int CacheSize = 4;
    private readonly Dictionary<int, RgbImage> _cache = [];

    private VideoFrames(string path, int width, int height, int count, double fps)
    {
        (Path, Width, Height, Count, FramesPerSecond) = (path, width, height, count, fps);
    }

    public string Path { get; }
    public int Width { get; }
    public int Height { get; }
    public int Count { get; }
    public double FramesPerSecond { get; }

    public static VideoFrames Open(string path)
    {
        if (!File.Exists(path))
            throw new MediaException($"{path}: video not found. Check video_path (relative paths resolve against the scene file's folder).");
        var output = Ffmpeg.Run(Ffmpeg.FfprobePath,
            ["-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=width,height,r_frame_rate,nb_read_packets",
             "-of", "default=noprint_wrappers=1", path], null, path);
        var fields = System.Text.Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!fields.TryGetValue("width", out var w) || !fields.TryGetValue("height", out var h) || !fields.TryGetValue("nb_read_packets", out var n)
            || !int.TryParse(w, CultureInfo.InvariantCulture, out var width) || !int.TryParse(h, CultureInfo.InvariantCulture, out var height)
            || !int.TryParse(n, CultureInfo.InvariantCulture, out var count) || count < 1)
            throw new MediaException($"{path}: not a video FFmpeg can read (no video stream with frames).");
        var fps = 0.0;
        if (fields.TryGetValue("r_frame_rate", out var rate) && rate.Split('/') is [var num, var den]
            && double.TryParse(num, CultureInfo.InvariantCulture, out var a) && double.TryParse(den, CultureInfo.InvariantCulture, out var b) && b > 0)
            fps = a / b;
        return new VideoFrames(path, width, height, count, fps);
    }

    /// <summary>Frame <paramref name="index"/>, clamped to the last frame (as PyTTI's <c>min(n, L − 1)</c>).</summary>
    public RgbImage Read(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        index = Math.Min(index, Count - 1);
        lock (_cache)
        {
            if (_cache.TryGetValue(index, out var cached)) return cached;
            var pixels = Ffmpeg.Run(Ffmpeg.FfmpegPath,
                ["-v", "error", "-nostdin", "-i", Path, "-vf", $"select=eq(n\\,{index.ToString(CultureInfo.InvariantCulture)})", "-vsync", "0",
                 "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], null, Path);
            if (pixels.Length != Width * Height * 3)
                throw new MediaException($"{Path}: frame {index} decoded to {pixels.Length} bytes, expected {Width}x{Height}x3.");
            var image = new RgbImage(Width, Height, pixels);
            if (_cache.Count >= CacheSize) _cache.Remove(_cache.Keys.Min());
            _cache[index] = image;
            return image;
        }
    }
}
