using Pytti.Engine.Rendering;
using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;
using Pytti.Pipeline.Tests.Media;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary><c>animation_mode: Video Source</c> through the pipeline: the FFmpeg pan video, RAFT-small, the tiny CLIP.</summary>
public sealed class VideoSourceRenderJobTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-videojob-");

    public void Dispose() => _dir.Delete(recursive: true);

    private RenderRequest Request(string flowModel)
    {
        var store = TinyRenders.Store(_dir.FullName);
        var video = VideoFramesTests.MakePan(_dir.FullName);
        var scene = Path.Combine(_dir.FullName, "video.pytti.yaml");
        File.WriteAllText(scene, $"""
            scenes: a stormy sky
            animation_mode: Video Source
            video_path: {Path.GetFileName(video)}
            flow_model: {flowModel}
            flow_stabilization_weight: 1
            perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
            width: -1
            height: 32
            steps_per_scene: 6
            steps_per_frame: 2
            pre_animation_steps: 0
            save_every: 2
            cutouts: 2

            """);
        return new RenderRequest(scene)
        {
            ModelsDirectory = store,
            Offline = true,
            OutputDirectory = Path.Combine(_dir.FullName, "out"),
            WorkingDirectory = _dir.FullName,
        };
    }

    [Fact]
    public void A_video_source_render_takes_its_size_from_the_video_and_a_second_run_renders_nothing()
    {
        var request = Request(SharedFixtures.Path("models", "raft-small.pth"));
        var first = new RecordingProgress();
        RenderJob.Run(request, first);
        Assert.NotEmpty(first.Frames);
        var image = ImageFile.Read(first.Frames[^1].Path);
        Assert.Equal((32, 32), (image.Width, image.Height));    // width −1 from the 160×160 video frame
        var second = new RecordingProgress();
        RenderJob.Run(request, second);
        Assert.Empty(second.Frames);
    }

    [Fact]
    public void A_flow_model_name_says_where_to_download_raft()
    {
        var e = Assert.Throws<RenderException>(() => RenderJob.Run(Request("raft-small"), new RecordingProgress()));
        Assert.Equal("PYTTI120", e.Code);
        Assert.Contains("models.zip", e.Message);
    }
}
