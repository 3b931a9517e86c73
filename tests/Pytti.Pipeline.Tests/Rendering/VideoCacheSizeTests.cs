using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;
using Pytti.Scenes;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>The Video Source reader holds every frame one boundary reads, so sequential decoding never restarts.</summary>
public sealed class VideoCacheSizeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-vcache-");

    public void Dispose() => _dir.Delete(recursive: true);

    private int CacheFrames(string extra)
    {
        var path = Path.Combine(_dir.FullName, "scene.pytti.yaml");
        File.WriteAllText(path, "scenes: a\nanimation_mode: Video Source\nvideo_path: v.mp4\n" + extra);
        var result = SceneLoader.Load(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return RenderSession.VideoCacheFrames(result.Document!);
    }

    [Theory]
    [InlineData("frame_stride: 10\nflow_stabilization_weight: 1\nflow_long_term_samples: 2\n", 41)]   // n − 30 … n + 10
    [InlineData("frame_stride: 20\nflow_stabilization_weight: 1\nflow_long_term_samples: 1\n", 41)]   // n − 20 … n + 20
    [InlineData("frame_stride: 1\nflow_stabilization_weight: 1\nflow_long_term_samples: 9\n", 17)]    // capped at 16 back: at least the default
    public void A_boundary_s_reads_fit_in_the_cache(string extra, int expected) =>
        Assert.Equal(Math.Max(expected, VideoFrames.DefaultCacheFrames), CacheFrames(extra));

    [Fact]
    public void Without_long_term_flows_reads_only_move_forward()
    {
        Assert.Equal(VideoFrames.DefaultCacheFrames, CacheFrames("frame_stride: 100\nflow_long_term_samples: 3\n"));
        Assert.Equal(VideoFrames.DefaultCacheFrames, CacheFrames("frame_stride: 100\nflow_stabilization_weight: 1\nflow_long_term_samples: 0\n"));
    }
}
