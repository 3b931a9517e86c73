using Pytti.Models.Tests.Clip;
using Pytti.Models.Vqgan;
using Pytti.Torch;
using Pytti.Torch.NN;
using static TorchSharp.torch;

namespace Pytti.Models.Tests.Vqgan;

/// <summary>Loading taming checkpoints: training-only keys skipped, config/checkpoint mismatches named, missing files reported.</summary>
[Collection(LibTorchCollection.Name)]
public class VqganLoaderTests
{
    [Fact]
    public void The_fixture_checkpoint_loads_skipping_its_ten_discriminator_keys()
    {
        var weights = Weights.LoadTorch(VqganFixture.Checkpoint, DType.Float32);
        try
        {
            Assert.Equal(10, weights.Keys.Count(k => k.StartsWith("loss.discriminator.", StringComparison.Ordinal)));
            Assert.Equal(165, weights.Count);
            using var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
            // the module's state-dict keys are exactly the checkpoint's, less the discriminator's, with equal values
            var own = model.state_dict();
            Assert.Equal(weights.Keys.Where(k => !VqganLoader.IsTrainingOnly(k)).Order(), own.Keys.Order());
            Assert.All(own, kv => Assert.Equal(TorchGolden.Floats(weights[kv.Key]), TorchGolden.Floats(kv.Value)));
            Assert.False(model.training);
            Assert.All(model.parameters(), p => Assert.False(p.requires_grad));
            Assert.Equal((8, 16, 2, 0.1), (model.EmbeddingDim, model.CodebookSize, model.DownsampleFactor, model.DefaultLearningRate));
            Assert.Equal([16L, 8L], model.Quantizer.Codebook.shape);
        }
        finally
        {
            weights.DisposeAll();
        }
    }

    [Theory]
    [InlineData("n_embed: 16", "n_embed: 32", "quantize.embedding.weight")]
    [InlineData("      ch: 32", "      ch: 64", "encoder.conv_in.weight")]
    [InlineData("attn_resolutions: [16]", "attn_resolutions: []", "unexpected key 'encoder.down.1.attn.0.norm.weight'")]
    [InlineData("num_res_blocks: 1", "num_res_blocks: 2", "missing key 'encoder.down.0.block.1.norm1.weight'")]
    public void A_checkpoint_that_does_not_fit_the_config_names_the_key(string from, string to, string expected)
    {
        var config = VqganFixture.EditedConfig(from, to);
        try
        {
            var e = Assert.Throws<VqganLoadException>(() => VqganModel.Load(VqganFixture.Checkpoint, config));
            Assert.Contains(expected, e.Message);
            Assert.Contains(VqganFixture.Checkpoint, e.Message);
            Assert.Contains(config, e.Message);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void Keys_other_than_training_losses_are_not_silently_ignored()
    {
        var config = VqganConfigReader.Read(VqganFixture.Config);
        var weights = Weights.LoadTorch(VqganFixture.Checkpoint, DType.Float32);
        weights["encoder.extra.weight"] = zeros(1);
        try
        {
            var e = Assert.Throws<VqganLoadException>(() => VqganLoader.FromStateDict(config, weights, "edited.ckpt"));
            Assert.Contains("unexpected key 'encoder.extra.weight'", e.Message);
            Assert.DoesNotContain("loss.discriminator", e.Message);
        }
        finally
        {
            weights.DisposeAll();
        }
    }

    [Fact]
    public void Missing_files_are_named()
    {
        var absent = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}");
        var noConfig = Assert.Throws<FileNotFoundException>(() => VqganModel.Load(VqganFixture.Checkpoint, absent + ".yaml"));
        Assert.Contains(absent + ".yaml", noConfig.Message);
        var noCheckpoint = Assert.Throws<FileNotFoundException>(() => VqganModel.Load(absent + ".ckpt", VqganFixture.Config));
        Assert.Contains(absent + ".ckpt", noCheckpoint.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_reported_as_such()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-ckpt-{Guid.NewGuid():N}.ckpt");
        File.WriteAllText(path, "model: this is yaml");
        try
        {
            var e = Assert.Throws<VqganLoadException>(() => VqganModel.Load(path, VqganFixture.Config));
            Assert.StartsWith(path + ": cannot read the checkpoint", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_net2net_checkpoint_loads_its_first_stage_model()
    {
        var dir = Directory.CreateTempSubdirectory("vqgan-net2net-").FullName;
        var weights = Weights.LoadTorch(VqganFixture.Checkpoint, DType.Float32);
        try
        {
            var prefixed = weights.ToDictionary(kv => "first_stage_model." + kv.Key, kv => kv.Value);
            prefixed["transformer.tok_emb.weight"] = weights["quantize.embedding.weight"];
            TorchSharp.PyBridge.Safetensors.SaveStateDict(Path.Combine(dir, "sflckr.ckpt"), prefixed);
            var yaml = File.ReadAllText(VqganFixture.Config);
            var dd = yaml[yaml.IndexOf("    ddconfig:", StringComparison.Ordinal)..yaml.IndexOf("    lossconfig:", StringComparison.Ordinal)].TrimEnd();
            File.WriteAllText(Path.Combine(dir, "sflckr.yaml"), VqganConfigReaderTests.Net2NetYaml(dd));

            using var plain = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
            using var firstStage = VqganModel.Load(Path.Combine(dir, "sflckr.ckpt"), Path.Combine(dir, "sflckr.yaml"));
            var loaded = firstStage.state_dict();
            Assert.Equal(plain.state_dict().Keys.Order(), loaded.Keys.Order());
            foreach (var (name, tensor) in plain.state_dict())
                Assert.Equal(TorchGolden.Floats(tensor), TorchGolden.Floats(loaded[name]));
        }
        finally
        {
            weights.DisposeAll();
            Directory.Delete(dir, recursive: true);
        }
    }
}
