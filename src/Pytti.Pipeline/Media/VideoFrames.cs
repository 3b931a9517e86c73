using System.Globalization;

namespace Pytti.Pipeline.Media;

/// <summary>
/// The frames of a video file, read through FFmpeg (reference 8.4). Opened with a frame rate (Video Source
/// passes <c>frames_per_second</c>), the video is resampled to it by FFmpeg's <c>fps</c> filter as PyTTI's
/// conversion does, but on the fly: no <c>&lt;video&gt;_converted.mp4</c> is written and the frames skip that
/// file's lossy x264 re-encode. Without one (video masks, as in PyTTI), frame n is the n-th decoded frame of the
/// file as it is, and the frame count is counted by ffprobe (packets of the first video stream), exact for
/// constant-frame-rate files; a resampled count is counted by running the filter over the video once.
/// <para>
/// Frames are decoded sequentially: one ffmpeg process per open video writes every frame as raw rgb24
/// (<c>-fps_mode passthrough</c>, so no frame is dropped or duplicated) and reads take them from its stdout as
/// they are needed, skipping forward by reading and discarding. Renders read in increasing order (frames n and
/// n + stride at each boundary, and with long-term flow up to 7·stride back), so the last frames decoded are
/// cached (<see cref="DefaultCacheFrames"/> unless the caller sizes it); a read further back restarts the decoder
/// from the start of the file. A whole render thus decodes the video about once, where decoding each frame alone
/// (<see cref="ReadFromStart"/>, the former way and the exactness reference) decodes it once per frame read.
/// </para>
/// Dispose to stop the decoder; reads are serialised by a lock, so one instance may be shared across threads.
/// </summary>
public sealed class VideoFrames : IDisposable
{
    /// <summary>
    /// Frames kept by default: a Video Source boundary reads n + stride, n, and with long-term flow n − stride,
    /// n − 3·stride, n − 7·stride, a span of 8·stride + 1 frames, so this covers strides up to 4. A larger stride
    /// with long-term samples would restart the decoder at each boundary: such a caller passes 8·stride + 1.
    /// </summary>
    public const int DefaultCacheFrames = 33;

    private readonly Lock _gate = new();
    private readonly Dictionary<int, RgbImage> _cache = [];
    private readonly Queue<int> _cached = new();   // decode order, oldest first: the next to drop
    private readonly int _cacheFrames;
    private readonly string? _resample;   // the fps filter, or null for the file's own frames
    private Ffmpeg.OutputStream? _decoder;
    private int _next;   // the frame the decoder writes next
    private bool _disposed;

    private VideoFrames(string path, int width, int height, int count, double fps, int cacheFrames, string? resample)
    {
        (Path, Width, Height, Count, FramesPerSecond, _cacheFrames, _resample) = (path, width, height, count, fps, cacheFrames, resample);
    }

    public string Path { get; }
    public int Width { get; }
    public int Height { get; }
    public int Count { get; }
    public double FramesPerSecond { get; }

    private int FrameBytes => Width * Height * 3;

    /// <summary>The decoder's process id while one runs (tests check it is gone after <see cref="Dispose"/>).</summary>
    internal int? DecoderProcessId
    {
        get
        {
            lock (_gate) return _decoder?.ProcessId;
        }
    }

    /// <summary>
    /// Probes the video; no decoder starts until the first read. <paramref name="cacheFrames"/>: how many of the last
    /// decoded frames to keep. <paramref name="framesPerSecond"/>: resample to this rate (counting the frames once), or null.
    /// </summary>
    public static VideoFrames Open(string path, int cacheFrames = DefaultCacheFrames, double? framesPerSecond = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheFrames, 1);
        if (framesPerSecond is { } wanted && !(wanted > 0 && double.IsFinite(wanted)))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), wanted, "a frame rate is positive");
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
        if (framesPerSecond is not { } rate2) return new VideoFrames(path, width, height, count, fps, cacheFrames, null);
        var filter = "fps=" + rate2.ToString("R", CultureInfo.InvariantCulture);
        return new VideoFrames(path, width, height, CountFrames(path, filter), rate2, cacheFrames, filter);
    }

    /// <summary>The number of frames <paramref name="filter"/> makes of the video: one decoding pass (FFmpeg's own progress count).</summary>
    private static int CountFrames(string path, string filter)
    {
        var progress = Ffmpeg.Run(Ffmpeg.FfmpegPath,
            ["-v", "error", "-nostdin", "-i", path, "-map", "0:v:0", "-vf", filter, "-f", "null", "-", "-progress", "pipe:1", "-nostats"], null, path);
        var last = System.Text.Encoding.UTF8.GetString(progress).Split('\n', StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.StartsWith("frame=", StringComparison.Ordinal));
        if (last is null || !int.TryParse(last["frame=".Length..], CultureInfo.InvariantCulture, out var count) || count < 1)
            throw new MediaException($"{path}: resampling to {filter} gave no frames; the video may be too short or damaged.");
        return count;
    }

    /// <summary>Frame <paramref name="index"/>, clamped to the last frame (as PyTTI's <c>min(n, L − 1)</c>).</summary>
    public RgbImage Read(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        index = Math.Min(index, Count - 1);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_cache.TryGetValue(index, out var cached)) return cached;
            if (_decoder is null || index < _next) Restart();
            byte[]? scratch = null;
            while (true)
            {
                var frame = _next;
                var keep = frame > index - _cacheFrames;   // one of the last frames up to index: cached, the rest dropped
                var pixels = keep ? new byte[FrameBytes] : scratch ??= new byte[FrameBytes];
                DecodeNext(pixels);
                if (!keep) continue;
                var image = new RgbImage(Width, Height, pixels);
                Remember(frame, image);
                if (frame == index) return image;
            }
        }
    }

    /// <summary>
    /// Frame <paramref name="index"/> decoded alone from the start of the file (<c>select=eq(n,N)</c>, one process a
    /// frame, no cache): how frames were read before sequential decoding, kept as the specification
    /// <see cref="Read"/> must match byte for byte and as the benchmark's baseline. Quadratic over a whole video.
    /// </summary>
    public RgbImage ReadFromStart(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        index = Math.Min(index, Count - 1);
        var select = $"select=eq(n\\,{index.ToString(CultureInfo.InvariantCulture)})";
        var pixels = Ffmpeg.Run(Ffmpeg.FfmpegPath,
            ["-v", "error", "-nostdin", "-i", Path, "-vf", _resample is null ? select : $"{_resample},{select}", "-vsync", "0",
             "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], null, Path);
        if (pixels.Length != FrameBytes)
            throw new MediaException($"{Path}: frame {index} decoded to {pixels.Length} bytes, expected {Width}x{Height}x3.");
        return new RgbImage(Width, Height, pixels);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            StopDecoder();
            _cache.Clear();
            _cached.Clear();
        }
    }

    /// <summary>A decoder from frame 0 (sequential decoding has no exact seek short of decoding from the start).</summary>
    private void Restart()
    {
        StopDecoder();
        string[] filter = _resample is null ? [] : ["-vf", _resample];
        _decoder = Ffmpeg.Stream(Ffmpeg.FfmpegPath,
            ["-v", "error", "-nostdin", "-i", Path, .. filter, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], Path);
        _next = 0;
    }

    /// <summary>Reads frame <see cref="_next"/> into <paramref name="pixels"/>; a short read (the file ends early or is damaged) names the file and the frame.</summary>
    private void DecodeNext(byte[] pixels)
    {
        var got = _decoder!.ReadFully(pixels);
        if (got == pixels.Length)
        {
            _next++;
            return;
        }
        var failure = _decoder.Failure();
        var frame = _next;
        StopDecoder();
        throw new MediaException($"{Path}: frame {frame} decoded to {got} bytes, expected {Width}x{Height}x3; the file ends early or is damaged"
            + (failure is null ? "." : $" ({failure})."));
    }

    private void Remember(int frame, RgbImage image)
    {
        if (_cache.ContainsKey(frame)) return;   // decoded again after a restart: the same bytes
        if (_cached.Count >= _cacheFrames) _cache.Remove(_cached.Dequeue());
        _cache[frame] = image;
        _cached.Enqueue(frame);
    }

    private void StopDecoder()
    {
        _decoder?.Dispose();
        _decoder = null;
    }
}
