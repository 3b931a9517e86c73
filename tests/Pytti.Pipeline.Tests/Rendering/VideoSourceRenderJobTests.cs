using Pytti.Engine.Rendering;
using Pytti.Models.Store;
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
        return TinyRenders.Offline(scene, _dir.FullName, store);
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

    /// <summary>Cancels the render once image <paramref name="last"/> is saved (its frame still ends and is checkpointed).</summary>
    private sealed class CancelAfter(int last, CancellationTokenSource cancel) : IRenderProgress
    {
        public void Started(string scene, long totalSteps, string outputDirectory) { }
        public void Step(StepRecord record) { }
        public void Saved(RenderedFrame frame)
        {
            if (frame.Index == last) cancel.Cancel();
        }
    }

    private static byte[][] Images(RenderResult r) => r.Frames.OrderBy(f => f.Index).Select(f => File.ReadAllBytes(f.Path)).ToArray();

    /// <summary>
    /// Long-term flow samples (frames −2 and −4) read earlier outputs: an interrupted render resumes from its last
    /// checkpoint, whose engine state carries them, and ends with the bytes of an uninterrupted render.
    /// </summary>
    [Fact]
    public void An_interrupted_render_with_long_term_flow_samples_resumes_to_the_bytes_of_an_uninterrupted_one()
    {
        var request = Request(SharedFixtures.Path("models", "raft-small.pth")) with
        {
            Overrides = ["flow_long_term_samples=2", "reencode_each_frame=false", "steps_per_scene=12", "seed=3", "video_container=none"],
        };
        RenderRequest Run(string name) => request with
        {
            OutputDirectory = Path.Combine(_dir.FullName, name, "out"),
            CacheDirectory = Path.Combine(_dir.FullName, name, "cache"),
        };
        var whole = RenderJob.Run(Run("whole"), new RecordingProgress());
        Assert.Equal(6, whole.FramesRendered);
        using (var cancel = new CancellationTokenSource())
            Assert.ThrowsAny<OperationCanceledException>(() => RenderJob.Run(Run("split"), new CancelAfter(4, cancel), cancel.Token));
        var rest = new RecordingProgress();
        var resumed = RenderJob.Run(Run("split"), rest);
        Assert.Equal((4, 2), (resumed.FramesCached, resumed.FramesRendered));   // frames 4 and 5 read the outputs of boundaries 1–3
        Assert.Equal(4, rest.Steps);                                            // resumed from frame 3's checkpoint
        Assert.Equal(Images(whole), Images(resumed));
    }

    /// <summary>Places the real RAFT-small where the store keeps <c>raft-small</c>, as a user who extracted models.zip by hand would.</summary>
    private string PlaceRaftSmallInStore()
    {
        var path = Path.Combine(TinyRenders.Store(_dir.FullName), FlowModels.Kind, "raft-small.pth");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(SharedFixtures.Path("models", "raft-small.pth"), path);
        return path;
    }

    [Fact]
    public void The_registered_name_raft_small_renders_from_the_store_offline()
    {
        PlaceRaftSmallInStore();
        var progress = new RecordingProgress();

        RenderJob.Run(Request("raft-small"), progress);

        Assert.NotEmpty(progress.Frames);
        Assert.True(File.Exists(progress.Frames[^1].Path));
    }

    [Fact]
    public void Frame_keys_carry_the_flow_models_digest_whether_named_or_given_by_path()
    {
        var placed = PlaceRaftSmallInStore();

        var byName = RenderContext.Create(Request("raft-small"));
        var byPath = RenderContext.Create(Request(placed));

        Assert.Equal(FlowModels.RaftSmall.Sha256, byName.Keys[0].Inputs.Global["flow"]);
        Assert.Equal(FlowModels.RaftSmall.Sha256, byPath.Keys[0].Inputs.Global["flow"]);
    }

    [Fact]
    public void Raft_small_missing_from_an_offline_store_says_where_to_get_and_place_it()
    {
        var request = Request("raft-small");

        var e = Assert.Throws<ModelUnavailableException>(() => RenderJob.Run(request, new RecordingProgress()));

        Assert.Equal("PYTTI120", e.Code);
        Assert.Contains("models.zip", e.Message);
        Assert.Contains("models/raft-small.pth", e.Message);
        Assert.Contains(FlowModels.RaftSmall.Sha256, e.Message);
        Assert.Contains(Path.Combine(request.ModelsDirectory!, "flow", "raft-small.pth"), e.Message);
    }

    [Fact]
    public void An_unknown_flow_model_name_lists_the_known_ones_and_says_a_path_works()
    {
        var e = Assert.Throws<ModelStoreException>(() => RenderJob.Run(Request("raft-large"), new RecordingProgress()));

        Assert.Equal("PYTTI123", e.Code);
        Assert.Contains("video.pytti.yaml: flow_model:", e.Message);
        Assert.Contains("known flow models: raft-small", e.Message);
        Assert.Contains("path", e.Message);
    }
}
