using Pytti.Pipeline.Media;
using Pytti.Scenes.Schema;

namespace Pytti.Pipeline.Tests.Media;

/// <summary>
/// The video a render writes runs at <c>frames_per_second</c>, a fraction included (<c>29.97</c>, as PyTTI's untyped
/// config lets it through), one video frame per image: read back from the file with FFprobe (<c>r_frame_rate</c>, to 1e-9).
/// </summary>
public sealed class VideoFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-video-file-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData(29.97)]
    [InlineData(12.0)]
    public void The_video_has_the_scenes_frame_rate(double fps)
    {
        var frames = Enumerable.Range(0, 3).Select(Frame).ToList();
        var path = Path.Combine(_dir.FullName, "v.mp4");
        VideoFile.Encode(frames, path, new VideoOutput("mp4", "libx264", 18, fps));
        using var video = VideoFrames.Open(path);
        Assert.Equal(fps, video.FramesPerSecond, 1e-9);
        Assert.Equal(3, video.Count);
    }

    private string Frame(int n)
    {
        var path = Path.Combine(_dir.FullName, $"f_{n}.png");
        ImageFile.WritePng(path, new RgbImage(16, 16, Enumerable.Repeat((byte)(n * 80), 16 * 16 * 3).ToArray()));
        return path;
    }
}
