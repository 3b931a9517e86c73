using Pytti.Engine.Rendering;
using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;
using TorchSharp;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>Alone, after the parallel tests: it counts the live tensors of the whole process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TensorCountCollection
{
    public const string Name = "tensor count";
}

/// <summary>The image every <c>display_every</c> steps, for a live preview: shown when asked for, and the render's bytes the same either way.</summary>
[Collection(TensorCountCollection.Name)]
public sealed class DisplayTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-display-");

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed class DisplayRecorder : IRenderProgress
    {
        public List<(long Step, int Width, int Height)> Shown { get; } = [];
        public bool WantsDisplay => true;
        public void Displayed(long step, RgbImage image) => Shown.Add((step, image.Width, image.Height));
        public void Started(string scene, long totalSteps, string outputDirectory) { }
        public void Step(StepRecord record) { }
        public void Saved(RenderedFrame frame) { }
    }

    private RenderRequest Request(string name) => TinyRenders.Hello(_dir.FullName, TinyRenders.Store(_dir.FullName),
        $"perceptors=[{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]", "steps_per_scene=4", "display_every=2") with
    {
        OutputDirectory = Path.Combine(_dir.FullName, name),
        CacheDirectory = Path.Combine(_dir.FullName, name + "-cache"),
    };

    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return torch.Tensor.TotalCount;
    }

    [Fact]
    public void Display_every_shows_the_image_PyTTI_would_and_changes_no_byte_nor_leaks_a_tensor()
    {
        RenderJob.Run(Request("warm"), new RecordingProgress());   // one-time loads and caches
        var start = Settled();
        var plain = RenderJob.Run(Request("plain"), new RecordingProgress());
        var afterPlain = Settled();
        var recorder = new DisplayRecorder();
        var shown = RenderJob.Run(Request("shown"), recorder);
        // TorchSharp's count never forgets a Parameter, so every run adds its models' parameters: showing adds nothing more.
        Assert.Equal(afterPlain - start, Settled() - afterPlain);
        Assert.Equal([(1L, 16, 16), (3L, 16, 16)], recorder.Shown);   // before steps j = 2 and 4, as PyTTI's display hook
        Assert.Equal(plain.Frames.Select(f => f.Sha256), shown.Frames.Select(f => f.Sha256));
    }
}
