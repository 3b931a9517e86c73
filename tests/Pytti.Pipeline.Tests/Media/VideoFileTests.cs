using System.Collections;
using Pytti.Pipeline.Media;
using Pytti.Scenes.Schema;

namespace Pytti.Pipeline.Tests.Media;

/// <summary>Videos encoded through FFMpegCore from PNG frames piped as raw RGB: what comes out, and what a cancel leaves.</summary>
public sealed class VideoFileTests : IDisposable
{
    private static readonly byte[][] Colours = [[200, 30, 30], [30, 200, 30], [30, 30, 200]];
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-video-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary><paramref name="count"/> solid 17x9 frames (odd sizes: the MP4 is padded to even ones), cycling through <see cref="Colours"/>.</summary>
    private List<string> Frames(int count) => [.. Enumerable.Range(0, count).Select(i =>
    {
        var path = Path.Combine(_dir.FullName, "frames", $"f_{i}.png");
        ImageFile.WritePng(path, new RgbImage(17, 9, [.. Enumerable.Repeat(Colours[i % 3], 17 * 9).SelectMany(c => c)]));
        return path;
    })];

    [Fact]
    public void An_mp4_holds_every_frame_at_its_rate_padded_to_even_size_and_no_temporary_file()
    {
        var path = Path.Combine(_dir.FullName, "out", "v.mp4");
        VideoFile.Encode(Frames(3), path, new VideoOutput("mp4", "libx264", 17, 12));
        using var video = VideoFrames.Open(path);
        Assert.Equal((18, 10, 3, 12.0), (video.Width, video.Height, video.Count, video.FramesPerSecond));
        for (var i = 0; i < 3; i++)
        {
            var centre = video.Read(i).Pixels.AsSpan((4 * 18 + 8) * 3, 3).ToArray();   // pixel (8, 4), away from the padding
            Assert.All(centre.Zip(Colours[i]), p => Assert.InRange(p.First - p.Second, -6, 6));   // yuv420p at crf 17
        }
        Assert.Equal(["v.mp4"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    /// <summary>
    /// A fractional <c>frames_per_second</c> (<c>29.97</c>, as PyTTI's untyped config lets it through) gives a video at
    /// that rate, one video frame per image, read back with FFprobe (<c>r_frame_rate</c>, to 1e-9).
    /// </summary>
    [Theory]
    [InlineData(29.97)]
    [InlineData(12.0)]
    public void The_video_has_the_scenes_frame_rate_a_fraction_included(double fps)
    {
        var path = Path.Combine(_dir.FullName, "rate.mp4");
        VideoFile.Encode(Frames(3), path, new VideoOutput("mp4", "libx264", 18, fps));
        using var video = VideoFrames.Open(path);
        Assert.Equal(fps, video.FramesPerSecond, 1e-9);
        Assert.Equal(3, video.Count);
    }

    [Fact]
    public void A_gif_holds_every_frame()
    {
        var path = Path.Combine(_dir.FullName, "v.gif");
        VideoFile.Encode(Frames(3), path, new VideoOutput("gif", "gif", 17, 12));
        using var video = VideoFrames.Open(path);
        Assert.Equal((17, 9, 3), (video.Width, video.Height, video.Count));
    }

    [Fact]
    public void A_frame_of_another_size_is_a_clear_error_and_leaves_no_video()
    {
        var frames = Frames(2);
        ImageFile.WritePng(frames[1], new RgbImage(4, 4, new byte[4 * 4 * 3]));
        var path = Path.Combine(_dir.FullName, "v.mp4");
        var e = Assert.Throws<MediaException>(() => VideoFile.Encode(frames, path, new VideoOutput("mp4", "libx264", 17, 12)));
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Empty(_dir.GetFiles());
    }

    [Fact]
    public void Cancelling_mid_encode_stops_ffmpeg_and_leaves_no_video_or_temporary_file()
    {
        using var cancel = new CancellationTokenSource();
        var runningAtCancel = new List<int>();
        var frames = new CancellingList(Frames(40), cancelAt: 5, () =>
        {
            runningAtCancel.AddRange(ChildFfmpegs());
            cancel.Cancel();
        });
        var path = Path.Combine(_dir.FullName, "v.mp4");
        Assert.ThrowsAny<OperationCanceledException>(() => VideoFile.Encode(frames, path, new VideoOutput("mp4", "libx264", 17, 12), cancel.Token));
        Assert.Single(runningAtCancel);                                // the encoder was running, and this sees it
        Assert.Empty(ChildFfmpegs());
        Assert.Empty(_dir.GetFiles());
    }

    /// <summary>
    /// The ffmpeg processes this test started: children of this process (other tests start theirs too) working in
    /// this test's folder, as the encoder does (from /proc: name, parent id, working directory).
    /// </summary>
    private List<int> ChildFfmpegs() => [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsDigit))
        .Where(pid => ReadProc(pid!, p => File.ReadAllText(p + "/stat")) is { } stat && stat.Contains("(ffmpeg)", StringComparison.Ordinal)
            && ParentOf(stat) == Environment.ProcessId && ReadProc(pid!, p => new DirectoryInfo(p + "/cwd").ResolveLinkTarget(false)?.FullName) == _dir.FullName)
        .Select(pid => int.Parse(pid!, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Something of /proc/<paramref name="pid"/>; null when the process exited while listed.</summary>
    private static string? ReadProc(string pid, Func<string, string?> read)
    {
        try { return read("/proc/" + pid); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static int ParentOf(string stat) => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Frame paths that call <paramref name="cancel"/> when the encoder takes frame <paramref name="cancelAt"/>: a cancel mid-encode, at a known point.</summary>
    private sealed class CancellingList(List<string> frames, int cancelAt, Action cancel) : IReadOnlyList<string>
    {
        public string this[int index] => frames[index];
        public int Count => frames.Count;

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < frames.Count; i++)
            {
                if (i == cancelAt) cancel();
                yield return frames[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
