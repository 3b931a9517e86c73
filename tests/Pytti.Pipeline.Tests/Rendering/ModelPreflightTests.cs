using Pytti.Engine.Rendering;
using Pytti.Models.Store;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>Every registered model a render needs is fetched (or found verified) before anything renders.</summary>
public sealed class ModelPreflightTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-preflight-");

    public void Dispose() => _dir.Delete(recursive: true);

    private RenderRequest Request(string store, params string[] overrides) => TinyRenders.Hello(_dir.FullName, store, overrides);

    /// <summary>Records the order of what a render reports.</summary>
    private sealed class EventLog : IRenderProgress
    {
        public List<string> Events { get; } = [];
        public void Started(string scene, long totalSteps, string outputDirectory) => Events.Add("started");
        public void Step(StepRecord record) => Events.Add("step");
        public void Saved(RenderedFrame frame) => Events.Add("saved");
        public void Downloading(DownloadProgress report) => Events.Add($"{report.Source.Name}:{report.Stage}");
    }

    [Fact]
    public void Offline_every_missing_model_is_named_in_one_error_before_anything_renders()
    {
        var store = Path.Combine(_dir.FullName, "empty-store");
        var progress = new EventLog();
        var error = Assert.Throws<ModelStoreException>(() => RenderJob.Run(Request(store, "ViTB16=true"), progress));
        Assert.Equal(ModelErrorCodes.ModelUnavailable, error.Code);
        Assert.Contains("2 model files", error.Message);
        foreach (var source in new[] { ModelRegistry.Find("ViTB32")!, ModelRegistry.Find("ViTB16")! })
        {
            Assert.Contains(source.Url.ToString(), error.Message);
            Assert.Contains(source.Sha256, error.Message);
            Assert.Contains(Path.Combine(store, source.Kind, source.FileName), error.Message);
        }
        Assert.DoesNotContain(OpenAiClipModels.BpeVocabulary.Url.ToString(), error.Message);   // it ships inside the product
        Assert.DoesNotContain("started", progress.Events);
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "out")) && Directory.EnumerateFiles(Path.Combine(_dir.FullName, "out"), "*.png").Any());
    }

    [Fact]
    public void A_single_missing_model_keeps_its_own_message()
    {
        var store = TinyRenders.Store(_dir.FullName);   // ViTB32 (the default perceptor) is not in the store
        var error = Assert.Throws<ModelUnavailableException>(() => RenderJob.Run(Request(store), new EventLog()));
        Assert.Equal("ViTB32", error.Model.Name);
        Assert.Equal(Path.Combine(store, "clip", "ViT-B-32.pt"), error.ExpectedPath);
    }

    [Fact]
    public void A_render_whose_models_are_local_files_needs_nothing_from_an_empty_offline_store()
    {
        var store = Path.Combine(_dir.FullName, "empty-store");
        var progress = new EventLog();
        RenderJob.Run(Request(store, $"perceptors=[{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]"), progress);
        Assert.DoesNotContain(progress.Events, e => e.Contains(':', StringComparison.Ordinal));   // no model file was checked or fetched
        Assert.Contains("saved", progress.Events);
        Assert.False(Directory.Exists(store) && Directory.EnumerateFileSystemEntries(store).Any());
    }
}
