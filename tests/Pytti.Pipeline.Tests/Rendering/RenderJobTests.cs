using Pytti.Engine.Rendering;
using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Rendering;

public sealed class RenderJobTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-job-");

    public void Dispose() => _dir.Delete(recursive: true);

    private RenderRequest Tiny(params string[] extra)
    {
        var store = TinyRenders.Store(_dir.FullName);
        var scene = Path.Combine(_dir.FullName, "hello.pytti.yaml");   // a copy: renders write a lock file beside the scene
        File.Copy(Path.Combine(SharedFixtures.RepoRoot, "examples", "hello", "hello.pytti.yaml"), scene, overwrite: true);
        return TinyRenders.Offline(scene, _dir.FullName, store) with
        {
            Overrides = [$"perceptors=[{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]", "width=16", "height=16",
                "steps_per_scene=6", "save_every=2", "cutouts=2", .. extra],
        };
    }

    private sealed class CancelAfterFirstImage(CancellationTokenSource cancel) : IRenderProgress
    {
        public List<RenderedFrame> Frames { get; } = [];
        public void Started(string scene, long totalSteps, string outputDirectory) { }
        public void Step(StepRecord record) { }
        public void Saved(RenderedFrame frame)
        {
            Frames.Add(frame);
            cancel.Cancel();
        }
    }

    [Fact]
    public void An_interrupted_render_keeps_the_frames_already_written_complete()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfterFirstImage(cancel);
        Assert.ThrowsAny<OperationCanceledException>(() => RenderJob.Run(Tiny(), progress, cancel.Token));
        var frame = Assert.Single(progress.Frames);
        var image = ImageFile.Read(frame.Path);                      // a complete, decodable PNG
        Assert.Equal((16, 16), (image.Width, image.Height));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(frame.Path)!, ".*tmp*"));
    }
}
