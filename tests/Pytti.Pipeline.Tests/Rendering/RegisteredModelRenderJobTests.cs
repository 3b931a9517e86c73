using Pytti.Engine.Rendering;
using Pytti.Models.Store;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>
/// <c>depth_model</c> and <c>vqgan_model</c> named by registered names: keyed by the shipped digests (nothing is fetched
/// to key a frame), and named with every URL, digest and place by the preflight when they are missing offline.
/// </summary>
public sealed class RegisteredModelRenderJobTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-registered-");

    public void Dispose() => _dir.Delete(recursive: true);

    private RenderRequest Request(string store, params string[] overrides) =>
        TinyRenders.Hello(_dir.FullName, store, [$"perceptors=[{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]", .. overrides]);

    private RenderRequest Depth(string store, string depthModel) => Request(store, "animation_mode=3D", $"depth_model={depthModel}");

    private sealed class Events : IRenderProgress
    {
        public List<string> Seen { get; } = [];
        public void Started(string scene, long totalSteps, string outputDirectory) => Seen.Add("started");
        public void Step(StepRecord record) => Seen.Add("step");
        public void Saved(RenderedFrame frame) => Seen.Add("saved");
    }

    [Fact]
    public void A_depth_name_keys_frames_by_its_shipped_digest_without_touching_the_store()
    {
        var store = TinyRenders.Store(_dir.FullName);

        var byName = RenderContext.Create(Depth(store, "depth-anything-v2-small"));

        Assert.Equal(DepthModels.Small.Sha256, byName.Keys[0].Inputs.Global["depth"]);
        Assert.False(Directory.Exists(store));
    }

    [Fact]
    public void A_depth_model_missing_offline_is_named_by_the_preflight_with_its_url_digest_and_place()
    {
        var store = TinyRenders.Store(_dir.FullName);
        var events = new Events();

        var error = Assert.Throws<ModelUnavailableException>(() => RenderJob.Run(Depth(store, "depth-anything-v2-small"), events));

        Assert.Equal(DepthModels.Small.Url, error.Model.Url);
        Assert.Contains(DepthModels.Small.Sha256, error.Message);
        Assert.Equal(Path.Combine(store, "depth", "depth_anything_v2_vits.pth"), error.ExpectedPath);
        Assert.Empty(events.Seen);
    }

    [Fact]
    public void A_named_vqgan_keys_by_its_shipped_digests_and_missing_offline_names_both_files_with_their_mirrors()
    {
        var store = TinyRenders.Store(_dir.FullName);
        var sflckr = VqganModels.Find("sflckr")!;

        var keyed = RenderContext.Create(Request(store, "image_model=VQGAN", "vqgan_model=sflckr"));
        Assert.Equal(sflckr.CheckpointSha256, keyed.Keys[0].Inputs.Global["vqgan:checkpoint"]);
        Assert.Equal(sflckr.ConfigSha256, keyed.Keys[0].Inputs.Global["vqgan:config"]);

        var missing = Assert.Throws<ModelStoreException>(() => RenderJob.Run(Request(store, "image_model=VQGAN", "vqgan_model=sflckr"), new Events()));
        Assert.Equal(ModelErrorCodes.ModelUnavailable, missing.Code);   // offline: both files named at once
        Assert.Contains("2 model files", missing.Message);
        Assert.Contains(Path.Combine(store, "vqgan", "sflckr.ckpt"), missing.Message);
        Assert.Contains(Path.Combine(store, "vqgan", "sflckr.yaml"), missing.Message);
        Assert.Contains(sflckr.MirrorUrl("ckpt").ToString(), missing.Message);
    }
}
