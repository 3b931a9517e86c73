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

    [Theory]
    [InlineData("imagenet", "845a68805098cb666420d5db93df53f3a3b6dd443e6dd85c05759c5b998cd663", "00e2c6189926f1d89ecfef73e9598db77981c1982f0555fbade963ffd16143c7")]
    [InlineData("openimages", "5cd6c74810ab97e00e942c25403f73afc081e8b19987b31ec0d9ff5b68e7ab14", "91110bab325067b37f85d1e75895a837d59c292bae4f3097f80c518714d5caff")]
    [InlineData("wikiart", "bd08bb46301f98be1712bb2be9f8868cea30b53137cd985d4d6e8da8b3e02c36", "6e78241d2828ff35b8381839ce249c24a6c468ed429760d33a25e98e7f24499a")]
    [InlineData("sflckr", "8a8adea3da8dab412675772831370dd948e0aa97bb11a9488a2f328b58dbc929", "c27f012996f3f1f02580f063be47fd60bdd8528efb04d7318b2cbe8a86505b1b")]
    [InlineData("coco", "106cc20fde571df14afc4349d62218d8213cf47177c682ecaa78a8c28b12f9de", "17d0c2d9fda59eccade2a6070d833804b759dc817da42c2268be8cf1eb047676")]
    public void Every_named_model_is_registered_with_its_digests_and_a_mirror_after_its_original_url(string name, string checkpoint, string config)
    {
        var registered = ModelRegistry.Find(name)!;
        var yaml = ModelRegistry.Find(name + ".yaml")!;
        Assert.Equal((VqganModels.Kind, name + ".ckpt", checkpoint), (registered.Kind, registered.FileName, registered.Sha256));
        Assert.Equal((VqganModels.Kind, name + ".yaml", config), (yaml.Kind, yaml.FileName, yaml.Sha256));
        Assert.Equal(VqganModels.Find(name)!.CheckpointUrl, registered.Url.ToString());
        Assert.StartsWith("https://huggingface.co/Somnai/pytti-vqgan-checkpoints/resolve/", Assert.Single(registered.Mirrors).ToString());
        Assert.EndsWith(".yaml", Assert.Single(yaml.Mirrors).ToString());
    }
}
