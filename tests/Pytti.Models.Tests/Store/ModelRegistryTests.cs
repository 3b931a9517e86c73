using Pytti.Models.Store;

namespace Pytti.Models.Tests.Store;

/// <summary>The nine OpenAI CLIP models under PyTTI's names, and references by name or path.</summary>
public sealed class ModelRegistryTests
{
    public static TheoryData<string, string> ClipNames => new()
    {
        { "RN50", "RN50.pt" }, { "RN101", "RN101.pt" }, { "RN50x4", "RN50x4.pt" }, { "RN50x16", "RN50x16.pt" },
        { "RN50x64", "RN50x64.pt" }, { "ViTB32", "ViT-B-32.pt" }, { "ViTB16", "ViT-B-16.pt" },
        { "ViTL14", "ViT-L-14.pt" }, { "ViTL14_336px", "ViT-L-14-336px.pt" },
    };

    [Fact]
    public void Nine_models_in_clip_available_models_order() =>
        Assert.Equal(["RN50", "RN101", "RN50x4", "RN50x16", "RN50x64", "ViTB32", "ViTB16", "ViTL14", "ViTL14_336px"],
            OpenAiClipModels.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(ClipNames))]
    public void Url_is_openais_and_carries_the_digest(string name, string file)
    {
        var source = ModelRegistry.Find(name)!;
        Assert.Equal("clip", source.Kind);
        Assert.Equal(file, source.FileName);
        Assert.Equal($"https://openaipublic.azureedge.net/clip/models/{source.Sha256}/{file}", source.Url.ToString());
        Assert.True(ModelSource.IsSha256(source.Sha256));
    }

    [Fact]
    public void Digests_are_distinct() =>
        Assert.Equal(9, OpenAiClipModels.All.Select(s => s.Sha256).Distinct().Count());

    [Fact]
    public void The_vit_b32_digest_is_openais() =>
        Assert.Equal("40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af", ModelRegistry.Find("ViTB32")!.Sha256);

    [Theory]
    [InlineData("ViT-B/32", "ViTB32")]
    [InlineData("ViT-L/14@336px", "ViTL14_336px")]
    [InlineData("vitb16", "ViTB16")]
    public void OpenAi_names_and_any_case_find_the_model(string text, string expected) =>
        Assert.Equal(expected, ModelRegistry.Find(text)!.Name);

    [Fact]
    public void The_bpe_vocabulary_digest_matches_the_fixture() =>
        Assert.Equal(OpenAiClipModels.BpeVocabulary.Sha256, FileDigest.Sha256(TokenizerCases.VocabularyPath));

    [Theory]
    [InlineData("depth-anything-v2-small", "Small", "vits", "715fade13be8f229f8a70cc02066f656f2423a59effd0579197bbf57860e1378", "Apache-2.0")]
    [InlineData("depth-anything-v2-base", "Base", "vitb", "0d2b7002e62d39d655571c371333340bd88f67ab95050c03591555aa05645328", "CC-BY-NC-4.0")]
    [InlineData("depth-anything-v2-large", "Large", "vitl", "a7ea19fa0ed99244e67b624c72b8580b7e9553043245905be58796a608eb9345", "CC-BY-NC-4.0")]
    public void The_depth_models_are_registered_with_their_hugging_face_urls_digests_and_licences(string name, string size, string encoder, string sha256, string license)
    {
        var source = Assert.IsType<ModelReference.Registered>(ModelReference.Parse(name, kind: DepthModels.Kind)).Source;
        Assert.Equal((DepthModels.Kind, $"depth_anything_v2_{encoder}.pth", sha256), (source.Kind, source.FileName, source.Sha256));
        Assert.Equal($"https://huggingface.co/depth-anything/Depth-Anything-V2-{size}/resolve/main/depth_anything_v2_{encoder}.pth", source.Url.ToString());
        Assert.StartsWith(license, source.License);
        Assert.Throws<ModelStoreException>(() => ModelReference.Parse(name));   // not a CLIP model
    }

    [Fact]
    public void A_reference_by_name_is_registered() =>
        Assert.Equal("ViTB32", Assert.IsType<ModelReference.Registered>(ModelReference.Parse("ViTB32")).Source.Name);

    [Fact]
    public async Task A_reference_by_path_is_a_local_file_used_as_it_is()
    {
        var reference = Assert.IsType<ModelReference.LocalFile>(ModelReference.Parse(TokenizerCases.VocabularyPath));
        Assert.Equal(TokenizerCases.VocabularyPath, await reference.ResolveAsync(new ModelStore(Path.GetTempPath())));
    }

    [Fact]
    public void A_missing_path_is_named()
    {
        var error = Assert.Throws<ModelStoreException>(() => ModelReference.Parse("/no/such/model.pt"));
        Assert.Equal(ModelErrorCodes.LocalModelMissing, error.Code);
        Assert.Contains("/no/such/model.pt", error.Message);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ModelStoreException>(() => ModelReference.Parse("ViTH14"));
        Assert.Equal(ModelErrorCodes.UnknownModel, error.Code);
        Assert.Contains("ViTB32", error.Message);
    }

    [Fact]
    public void Raft_small_is_a_flow_model_inside_princeton_vls_archive_with_the_digest_of_the_released_file()
    {
        var source = ModelRegistry.Find("raft-small")!;
        Assert.Equal(FlowModels.Kind, source.Kind);
        Assert.Equal("raft-small.pth", source.FileName);
        Assert.Equal("https://dl.dropboxusercontent.com/s/4j4z58wuv8o0mfz/models.zip", source.Url.ToString());
        Assert.Equal("models/raft-small.pth", source.ArchiveMember);
        Assert.Contains("BSD-3-Clause", source.License);
        Assert.Equal(source.Sha256, FileDigest.Sha256(Pytti.Testing.SharedFixtures.Path("models", "raft-small.pth")));
    }

    [Fact]
    public void A_name_counts_only_for_its_own_kind()
    {
        Assert.Same(FlowModels.RaftSmall, Assert.IsType<ModelReference.Registered>(ModelReference.Parse("raft-small", kind: FlowModels.Kind)).Source);
        var error = Assert.Throws<ModelStoreException>(() => ModelReference.Parse("raft-small"));
        Assert.Equal(ModelErrorCodes.UnknownModel, error.Code);
        Assert.DoesNotContain("ClipBpeVocabulary", error.Message);
    }

    [Fact]
    public void An_unknown_flow_name_lists_the_flow_models_and_says_a_path_works()
    {
        var error = Assert.Throws<ModelStoreException>(() => ModelReference.Parse("raft-large", kind: FlowModels.Kind));
        Assert.Equal(ModelErrorCodes.UnknownModel, error.Code);
        Assert.Contains("known flow models: raft-small, raft-things.", error.Message);
        Assert.Contains("path", error.Message);
    }
}
