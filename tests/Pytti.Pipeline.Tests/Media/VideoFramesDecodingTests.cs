using Pytti.Pipeline.Media;

namespace Pytti.Pipeline.Tests.Media;

/// <summary>
/// Sequential decoding (one ffmpeg process per open video, a cache of the last frames, a restart from the start on
/// a read further back) against the specification: each frame decoded alone by <c>select=eq(n,N)</c>
/// (<see cref="VideoFrames.ReadFromStart"/>), byte for byte. The video is FFmpeg's <c>testsrc</c> (a counter: no two frames alike), 64×48, 60 frames
/// of H.264 with B-frames and a keyframe every 10 frames, so frame order and reordering both matter.
/// </summary>
public sealed class VideoFramesDecodingTests : IDisposable
{
    private const int Frames = 60;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-video-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Writes the test pattern video; <paramref name="faststart"/> puts the index first, so a truncated copy still opens.</summary>
    private string MakeTestPattern(bool faststart = false)
    {
        var path = Path.Combine(_dir.FullName, faststart ? "pattern-faststart.mp4" : "pattern.mp4");
        VideoFramesTests.RunFfmpeg([
            "-f", "lavfi", "-i", "testsrc=size=64x48:rate=25", "-frames:v", Frames.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-g", "10", "-bf", "2", "-pix_fmt", "yuv420p", .. faststart ? new[] { "-movflags", "+faststart" } : [], path]);
        return path;
    }

    private static byte[][] Reference(VideoFrames video) => [.. Enumerable.Range(0, video.Count).Select(n => video.ReadFromStart(n).Pixels)];

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}");

    [Fact]
    public void Every_frame_matches_the_select_reference_in_render_order_and_random_order()
    {
        using var video = VideoFrames.Open(MakeTestPattern());
        Assert.Equal((64, 48, Frames), (video.Width, video.Height, video.Count));
        var reference = Reference(video);
        Assert.Equal(Frames, reference.Select(Convert.ToBase64String).Distinct().Count());   // every frame differs: an off-by-one shows

        // A render with stride 4 and long-term flow: n + 4, n, then n − 4, n − 12, n − 28 at each boundary, all
        // from one decoder (the default cache spans them).
        int? decoder = null;
        for (var n = 0; n < Frames; n += 4)
            foreach (var i in new[] { n + 4, n, n - 4, n - 12, n - 28 }.Where(i => i >= 0))
            {
                Assert.True(reference[Math.Min(i, Frames - 1)].AsSpan().SequenceEqual(video.Read(i).Pixels), $"frame {i} differs from the select reference");
                Assert.Equal(decoder ??= video.DecoderProcessId, video.DecoderProcessId);
            }
        // A resumed render starting midway, a jump far ahead, backward jumps out of any cache, then random order.
        List<int> reads = [41, 44, 38, 59, 2, 1, 0, 30, 29, 57, 5];
        var random = new Random(7);
        reads.AddRange(Enumerable.Range(0, 80).Select(_ => random.Next(Frames)));
        foreach (var n in reads)
            Assert.True(reference[n].AsSpan().SequenceEqual(video.Read(n).Pixels), $"frame {n} differs from the select reference");
    }

    [Fact]
    public void Resampled_to_frames_per_second_as_PyTTI_converts_its_videos()
    {
        // 60 frames at 25 fps (2.4 s) as Video Source reads them at frames_per_second 10: 24 frames, each one of the
        // file's own frames, about 2.5 apart (FFmpeg's fps filter keeps the frame nearest each 1/10 s).
        var path = MakeTestPattern();
        using var native = VideoFrames.Open(path);
        using var video = VideoFrames.Open(path, framesPerSecond: 10);
        Assert.Equal((64, 48, 24, 10.0), (video.Width, video.Height, video.Count, video.FramesPerSecond));
        var nativeFrames = Reference(native).Select(Convert.ToBase64String).ToList();
        var previous = -1;
        for (var k = 0; k < video.Count; k++)
        {
            var pixels = video.Read(k).Pixels;
            Assert.True(video.ReadFromStart(k).Pixels.AsSpan().SequenceEqual(pixels), $"resampled frame {k} differs from the select reference");
            var source = nativeFrames.IndexOf(Convert.ToBase64String(pixels));
            Assert.InRange(source, (int)Math.Floor(k * 2.5) - 1, (int)Math.Ceiling(k * 2.5) + 1);
            Assert.True(source > previous, $"resampled frame {k} is file frame {source}, not after {previous}");
            previous = source;
        }
        Assert.Equal(video.Read(video.Count - 1).Pixels, video.Read(500).Pixels);   // clamped to the last resampled frame
    }

    [Fact]
    public void A_small_cache_restarts_the_decoder_on_backward_reads_and_stays_exact()
    {
        var path = MakeTestPattern();
        using var video = VideoFrames.Open(path, cacheFrames: 2);
        var reference = Reference(video);
        Assert.Equal(reference[10], video.Read(10).Pixels);
        var first = video.DecoderProcessId!.Value;
        Assert.Equal(reference[9], video.Read(9).Pixels);   // cached: same decoder
        Assert.Equal(first, video.DecoderProcessId);
        Assert.Equal(reference[3], video.Read(3).Pixels);   // beyond the cache: a new decoder, the old one gone
        var second = video.DecoderProcessId!.Value;
        Assert.NotEqual(first, second);
        Assert.False(IsRunning(first), $"the first decoder (pid {first}) is still there after the restart");
        foreach (var n in new[] { 4, 50, 49, 48, 47, 20, 59 })
            Assert.Equal(reference[n], video.Read(n).Pixels);
    }

    [Fact]
    public void Reads_past_the_end_clamp_to_the_last_frame()
    {
        using var video = VideoFrames.Open(MakeTestPattern());
        var last = video.ReadFromStart(Frames - 1).Pixels;
        Assert.Equal(last, video.Read(1000).Pixels);
        Assert.Equal(last, video.Read(Frames).Pixels);
        Assert.Equal(last, video.ReadFromStart(1000).Pixels);
        Assert.Throws<ArgumentOutOfRangeException>(() => video.Read(-1));
    }

    [Fact]
    public void Dispose_ends_the_decoder_process_and_later_reads_throw()
    {
        var video = VideoFrames.Open(MakeTestPattern());
        Assert.Null(video.DecoderProcessId);   // nothing runs before the first read
        video.Read(5);
        var pid = video.DecoderProcessId!.Value;
        Assert.True(IsRunning(pid));   // blocked writing frame 6 into the pipe
        video.Dispose();
        Assert.False(IsRunning(pid), $"ffmpeg (pid {pid}) is still there (running or a zombie) after Dispose");
        Assert.Null(video.DecoderProcessId);
        Assert.Throws<ObjectDisposedException>(() => video.Read(5));
        video.Dispose();   // twice is fine
    }

    [Fact]
    public void Concurrent_reads_are_exact()
    {
        using var video = VideoFrames.Open(MakeTestPattern(), cacheFrames: 8);
        var reference = Reference(video);
        var failures = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 4, worker =>
        {
            for (var n = worker; n < Frames; n += 2)
                if (!reference[n].AsSpan().SequenceEqual(video.Read(n).Pixels)) failures.Add(n);
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void A_truncated_file_names_the_file_and_the_frame_that_cannot_be_read()
    {
        var whole = File.ReadAllBytes(MakeTestPattern(faststart: true));
        var path = Path.Combine(_dir.FullName, "truncated.mp4");
        File.WriteAllBytes(path, whole[..(whole.Length * 7 / 10)]);
        using var video = VideoFrames.Open(path);
        Assert.InRange(video.Count, 2, Frames - 1);   // ffprobe counts the packets still there, the last one cut short
        var last = video.Count - 1;
        Assert.Equal(video.ReadFromStart(last - 1).Pixels, video.Read(last - 1).Pixels);
        var e = Assert.Throws<MediaException>(() => video.Read(last));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"frame {last} ", e.Message, StringComparison.Ordinal);
        Assert.Null(video.DecoderProcessId);   // the failed decoder is gone
        Assert.Equal(video.ReadFromStart(0).Pixels, video.Read(0).Pixels);   // and a later read starts a new one
    }

    [Fact]
    public void Missing_files_and_non_videos_say_so()
    {
        var missing = Path.Combine(_dir.FullName, "nope.mp4");
        Assert.Contains("video not found", Assert.Throws<MediaException>(() => VideoFrames.Open(missing)).Message, StringComparison.Ordinal);
        var text = Path.Combine(_dir.FullName, "notes.mp4");
        File.WriteAllText(text, "not a video at all");
        Assert.StartsWith(text, Assert.Throws<MediaException>(() => VideoFrames.Open(text)).Message, StringComparison.Ordinal);
    }
}
