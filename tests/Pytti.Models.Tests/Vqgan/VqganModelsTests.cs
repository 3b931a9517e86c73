using Pytti.Models.Store;

namespace Pytti.Models.Tests.Vqgan;

/// <summary>The five named VQGAN models: PyTTI's names, URLs and store layout; only digest-verified files are registered.</summary>
public class VqganModelsTests
{
    [Fact]
    public void Lists_pytti_s_five_models_in_its_order()
    {
        Assert.Equal(["imagenet", "coco", "wikiart", "sflckr", "openimages"], VqganModels.Names);
    }

    [Fact]
    public void Each_model_is_a_yaml_and_ckpt_pair_stored_under_vqgan()
    {
        var root = Path.Combine(Path.GetTempPath(), "store");
        var files = VqganModels.Find("ImageNet")!;
        Assert.Equal("imagenet", files.Name);
        Assert.Equal(Path.Combine(root, "vqgan", "imagenet.yaml"), files.ConfigPath(root));
        Assert.Equal(Path.Combine(root, "vqgan", "imagenet.ckpt"), files.CheckpointPath(root));
        Assert.Equal("https://heibox.uni-heidelberg.de/f/867b05fc8c4841768640/?dl=1", files.CheckpointUrl);
        Assert.Null(VqganModels.Find("faceshq"));
        foreach (var name in VqganModels.Names)
        {
            var model = VqganModels.Find(name)!;
            Assert.True(Uri.IsWellFormedUriString(model.ConfigUrl, UriKind.Absolute), model.ConfigUrl);
            Assert.True(Uri.IsWellFormedUriString(model.CheckpointUrl, UriKind.Absolute), model.CheckpointUrl);
        }
    }

    [Fact]
    public void Only_models_with_both_digests_are_registered_with_the_store()
    {
        foreach (var name in VqganModels.Names)
        {
            var files = VqganModels.Find(name)!;
            Assert.Equal(files.IsVerifiable, files.ConfigSource() is not null && files.CheckpointSource() is not null);
            Assert.Equal(files.IsVerifiable, VqganModels.All.Any(s => s.FileName == files.CheckpointFileName));
        }
        Assert.All(VqganModels.All, source => Assert.Equal("vqgan", source.Kind));
        Assert.All(VqganModels.All, source => Assert.Contains(source, ModelRegistry.All));
    }

    [Fact]
    public void A_model_with_digests_becomes_two_store_sources()
    {
        var digest = new string('a', 64);
        var files = VqganModels.Find("coco")! with { ConfigSha256 = digest, CheckpointSha256 = digest };
        var checkpoint = files.CheckpointSource()!;
        Assert.Equal(("coco", "vqgan", "coco.ckpt"), (checkpoint.Name, checkpoint.Kind, checkpoint.FileName));
        Assert.Equal(new Uri(files.CheckpointUrl), checkpoint.Url);
        Assert.Equal("coco.yaml", files.ConfigSource()!.FileName);
    }
}
