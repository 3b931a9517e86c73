using Pytti.Engine.Rendering;
using Pytti.Models.Store;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>
/// <c>depth_model</c> and <c>vqgan_model</c> named by registered names whose digests this build does not ship: keyed by
/// the pinned digest, fetched through the store's pins, refused before anything renders while unpinned.
/// </summary>
public sealed class PinnedModelRenderJobTests : IDisposable
{
    private static readonly string TinyDepth = SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth");
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-pinned-");

    public void Dispose() => _dir.Delete(recursive: true);

    private RenderRequest Request(string store, params string[] overrides) =>
        TinyRenders.Hello(_dir.FullName, store, [$"perceptors=[{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]", .. overrides]);

    private RenderRequest Depth(string store, string depthModel) => Request(store, "animation_mode=3D", $"depth_model={depthModel}");

    private sealed class Events : IRenderProgress
    {
        public List<string> Seen { get; } = [];
        public void Started(string scene, int totalSteps, string outputDirectory) => Seen.Add("started");
        public void Step(StepRecord record) => Seen.Add("step");
        public void Saved(RenderedFrame frame) => Seen.Add("saved");
    }

    [Fact]
    public async Task A_pinned_depth_name_keys_frames_by_its_pinned_digest_as_the_same_file_by_path_does()
    {
        var store = TinyRenders.Store(_dir.FullName);
        var digest = await FileDigest.Sha256Async(TinyDepth);
        new ModelStore(store).Pin("depth-anything-v2-small", digest);

        var byName = RenderContext.Create(Depth(store, "depth-anything-v2-small"));   // nothing in the store yet: keying downloads nothing
        var byPath = RenderContext.Create(Depth(store, TinyDepth));

        Assert.Equal(digest, byName.Keys[0].Inputs.Global["depth"]);
        Assert.Equal(digest, byPath.Keys[0].Inputs.Global["depth"]);
    }

    [Fact]
    public void An_unpinned_depth_name_fails_before_anything_renders_saying_how_to_pin_it()
    {
        var store = TinyRenders.Store(_dir.FullName);
        var events = new Events();

        var error = Assert.Throws<ModelStoreException>(() => RenderJob.Run(Depth(store, "depth-anything-v2-small"), events));

        Assert.Equal(ModelErrorCodes.ModelUnavailable, error.Code);
        Assert.Contains("depth_model", error.Message);
        Assert.Contains(DepthModels.Small.DigestPage!.ToString(), error.Message);
        Assert.Contains("pytti models pin depth-anything-v2-small <sha256>", error.Message);
        Assert.Empty(events.Seen);
    }

    [Fact]
    public async Task A_pinned_depth_model_missing_offline_is_named_by_the_preflight_with_its_url_pin_and_place()
    {
        var store = TinyRenders.Store(_dir.FullName);
        var digest = await FileDigest.Sha256Async(TinyDepth);
        new ModelStore(store).Pin("depth-anything-v2-small", digest);
        var events = new Events();

        var error = Assert.Throws<ModelUnavailableException>(() => RenderJob.Run(Depth(store, "depth-anything-v2-small"), events));

        Assert.Equal(DepthModels.Small.Url, error.Model.Url);
        Assert.Contains(digest, error.Message);
        Assert.Equal(Path.Combine(store, "depth", "depth_anything_v2_vits.pth"), error.ExpectedPath);
        Assert.Empty(events.Seen);
    }

    [Fact]
    public void A_named_vqgan_with_both_files_pinned_keys_by_the_pins_and_with_one_pinned_asks_for_the_other()
    {
        var store = TinyRenders.Store(_dir.FullName);
        var (checkpoint, config) = (new string('a', 64), new string('b', 64));
        new ModelStore(store).Pin("sflckr", checkpoint);

        var half = Assert.Throws<ModelStoreException>(() => RenderContext.Create(Request(store, "image_model=VQGAN", "vqgan_model=sflckr")));
        Assert.Equal(ModelErrorCodes.ModelUnavailable, half.Code);
        Assert.Contains("pytti models pin sflckr.yaml <sha256>", half.Message);

        new ModelStore(store).Pin("sflckr.yaml", config);
        var keyed = RenderContext.Create(Request(store, "image_model=VQGAN", "vqgan_model=sflckr"));
        Assert.Equal(checkpoint, keyed.Keys[0].Inputs.Global["vqgan:checkpoint"]);
        Assert.Equal(config, keyed.Keys[0].Inputs.Global["vqgan:config"]);

        var missing = Assert.Throws<ModelStoreException>(() => RenderJob.Run(Request(store, "image_model=VQGAN", "vqgan_model=sflckr"), new Events()));
        Assert.Equal(ModelErrorCodes.ModelUnavailable, missing.Code);   // offline: both files named at once, nothing unverified used
        Assert.Contains("2 model files", missing.Message);
        Assert.Contains(Path.Combine(store, "vqgan", "sflckr.ckpt"), missing.Message);
        Assert.Contains(Path.Combine(store, "vqgan", "sflckr.yaml"), missing.Message);
    }
}
