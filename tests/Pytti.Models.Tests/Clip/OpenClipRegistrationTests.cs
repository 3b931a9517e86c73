using System.Security.Cryptography;
using Pytti.Models.Clip;
using Pytti.Models.Store;
using Pytti.Models.Tests.Store;
using Pytti.Testing;

namespace Pytti.Models.Tests.Clip;

/// <summary>
/// OpenCLIP's ViT-B-32 laion2b_s34b_b79k: registered under mmc's id with the Hugging Face URL and digest, selected with exact
/// GELU, fetched through the store (a loopback server stands in for huggingface.co, path unchanged).
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class OpenClipRegistrationTests : IDisposable
{
    private const string Name = "ViT-B-32--laion2b_s34b_b79k";
    private const string RepositoryPath = "/laion/CLIP-ViT-B-32-laion2B-s34B-b79K/resolve/main/open_clip_pytorch_model.bin";
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static ModelSource WithDigest(ModelSource s, string sha256) => new(s.Name, s.Kind, s.FileName, s.Url, sha256, s.License);

    [Fact]
    public void It_is_registered_as_a_clip_model_with_its_hugging_face_url_and_digest()
    {
        var source = Assert.IsType<ModelReference.Registered>(ModelReference.Parse(Name)).Source;
        Assert.Same(OpenClipModels.VitB32Laion2B, source);
        Assert.Equal((OpenAiClipModels.Kind, $"{Name}.bin"), (source.Kind, source.FileName));
        Assert.Equal("https://huggingface.co" + RepositoryPath, source.Url.ToString());
        Assert.Equal("1bd3c7172de5b207ceac554f5ab5266166f3b9baccc9af5989bc801016d080ad", source.Sha256);
        Assert.Contains(source, ModelRegistry.Selectable(OpenAiClipModels.Kind));
        Assert.Same(source, ModelRegistry.Find(Name.ToUpperInvariant()));
    }

    [Fact]
    public void The_openclip_model_runs_with_exact_gelu_and_openais_models_and_paths_with_quickgelu()
    {
        Assert.Equal(ClipActivation.Gelu, ClipOrigin.ActivationOf(ModelReference.Parse(Name)));
        Assert.All(OpenAiClipModels.All, s => Assert.Equal(ClipActivation.QuickGelu, ClipOrigin.ActivationOf(new ModelReference.Registered(s))));
        Assert.Equal(ClipActivation.QuickGelu, ClipOrigin.ActivationOf(ModelReference.Parse(OpenClipCheckpoint.OpenAiArchive)));
        var impostor = WithDigest(OpenClipModels.VitB32Laion2B, new string('a', 64));   // the name without the registered file
        Assert.Equal(ClipActivation.QuickGelu, ClipOrigin.ActivationOf(new ModelReference.Registered(impostor)));
    }

    [Fact]
    public async Task It_downloads_from_its_repository_into_the_clip_folder_and_loads_as_openclip()
    {
        var checkpoint = Path.Combine(_fixture.Root, "made.safetensors");
        OpenClipCheckpoint.Write(checkpoint);
        var bytes = await File.ReadAllBytesAsync(checkpoint);
        await using var server = new LoopbackHttpServer(bytes);
        var registered = OpenClipModels.VitB32Laion2B;
        var serving = WithDigest(registered, Convert.ToHexStringLower(SHA256.HashData(bytes)));   // the real file is 605 MB

        var path = await new ModelStore(_fixture.Root, StoreFixture.FastOptions, server.RoutingClient()).EnsureAsync(serving);

        Assert.Equal(Path.Combine(_fixture.Root, "clip", $"{Name}.bin"), path);
        Assert.Equal(RepositoryPath, Assert.Single(server.Requests).Path);
        using var model = ClipLoader.Load(path, ClipOrigin.ActivationOf(ModelReference.Parse(Name)));
        Assert.Equal(ClipActivation.Gelu, model.Config.Activation);
        Assert.Equal(64, model.InputResolution);
    }

    [Fact]
    public async Task Other_bytes_at_its_url_are_refused_naming_the_registered_digest()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload);
        var store = new ModelStore(_fixture.Root, StoreFixture.FastOptions, server.RoutingClient());

        var error = await Assert.ThrowsAsync<ModelDigestMismatchException>(() => store.EnsureAsync(OpenClipModels.VitB32Laion2B));

        Assert.Equal(ModelErrorCodes.DigestMismatch, error.Code);
        Assert.Contains(OpenClipModels.VitB32Laion2B.Sha256, error.Message);
        Assert.Contains(_fixture.Sha256, error.Message);
        Assert.False(File.Exists(store.PathFor(OpenClipModels.VitB32Laion2B)));
        Assert.Equal(RepositoryPath, Assert.Single(server.Requests).Path);
    }
}
