using Pytti.Testing;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>Every fixture weight file loads with the key set, shapes and counts its README gives.</summary>
public sealed class FixtureWeightsTests
{
    private static string Fixture(params string[] parts) => SharedFixtures.Path(["fixtures", .. parts]);

    [Fact]
    public void TorchScriptClipHasTheSafetensorsKeysPlusThreeScalarsWithEqualBytes()
    {
        var archive = WeightFile.Load(Fixture("clip", "tiny_vit_b.pt"));
        var reference = WeightFile.Load(Fixture("clip", "tiny_vit_b.safetensors"));

        Assert.Equal(WeightFormat.TorchScript, archive.Format);
        string[] scalars = ["input_resolution", "context_length", "vocab_size"];
        Assert.Equal(reference.Keys.Concat(scalars).Order(), archive.Keys.Order());
        Assert.Equal(65, archive.Count);
        Assert.Equal("bba70518fdcfc04dbdf5d87837501c821e9e82db2af76fe3e701af4cccb0ce39", StateDictListing.Digest(archive));
        AssertSameTensors(reference, archive);
        Assert.Equal(3425857 + 3, archive.ParameterCount);
    }

    [Theory]
    [InlineData("input_resolution", 64L)]
    [InlineData("context_length", 77L)]
    [InlineData("vocab_size", 49408L)]
    public void TorchScriptClipKeepsTheInt64ScalarBuffers(string name, long expected)
    {
        var scalar = WeightFile.Load(Fixture("clip", "tiny_vit_b.pt"))[name];

        Assert.Equal(DType.Int64, scalar.DType);
        Assert.Empty(scalar.Shape);
        Assert.Equal(expected, BitConverter.ToInt64(scalar.ToContiguousBytes()));
    }

    [Fact]
    public void TorchZipClipResNetEqualsItsSafetensorsTwin()
    {
        var zip = WeightFile.Load(Fixture("clip", "tiny_rn.pt"));
        var reference = WeightFile.Load(Fixture("clip", "tiny_rn.safetensors"));

        Assert.Equal(WeightFormat.TorchZip, zip.Format);
        Assert.Equal(reference.Keys.Order(), zip.Keys.Order());
        Assert.Equal(3616560, zip.ParameterCount);
        Assert.Equal("c7186c4d4c07210c5a8e28ff6247f4719ed889b24d17ba5f602158ae6147b78d", StateDictListing.Digest(zip));
        AssertSameTensors(reference, zip);
        var counter = zip["visual.bn1.num_batches_tracked"];
        Assert.Equal((DType.Int64, 0), (counter.DType, counter.Shape.Length));
    }

    [Fact]
    public void LightningVqganCheckpointUnwrapsStateDict()
    {
        var dict = WeightFile.Load(Fixture("vqgan", "tiny_vqgan.ckpt"));

        Assert.Equal(WeightFormat.LightningCheckpoint, dict.Format);
        Assert.Equal(165, dict.Count);
        string[] loss =
        [
            "loss.discriminator.main.0.weight", "loss.discriminator.main.0.bias", "loss.discriminator.main.2.weight",
            "loss.discriminator.main.3.weight", "loss.discriminator.main.3.bias", "loss.discriminator.main.3.running_mean",
            "loss.discriminator.main.3.running_var", "loss.discriminator.main.3.num_batches_tracked",
            "loss.discriminator.main.5.weight", "loss.discriminator.main.5.bias",
        ];
        Assert.Equal(loss.Order(), dict.Keys.Where(k => k.StartsWith("loss.")).Order());
        string[] modelPrefixes = ["encoder.", "decoder.", "quantize.embedding.weight", "quant_conv.", "post_quant_conv."];
        Assert.Equal(155, dict.Keys.Count(k => modelPrefixes.Any(k.StartsWith)));
        Assert.Equal(new long[] { 16, 8 }, dict["quantize.embedding.weight"].Shape);
        Assert.Equal("5ee5ba7ed687845827842ea2802fd8623ec257e5e0f6935556e4bfd451d80c59", StateDictListing.Digest(dict));
        Assert.Equal(WeightFormat.LightningCheckpoint, WeightFile.DetectFormat(Fixture("vqgan", "tiny_vqgan.ckpt")));
    }

    [Fact]
    public void LightningCheckpointWithAMissingStateDictKeyNamesTheEntries()
    {
        var error = Assert.Throws<WeightFormatException>(() =>
            WeightFile.Load(Fixture("vqgan", "tiny_vqgan.ckpt"), new WeightLoadOptions { StateDictKey = "model" }));

        Assert.Equal(WeightErrorCodes.NoStateDict, error.Code);
        Assert.Contains("tiny_vqgan.ckpt", error.Message);
        Assert.Contains("no entry 'model' (entries: state_dict, global_step, epoch)", error.Message);
    }

    [Fact]
    public void RaftSmallFixtureLoadsWithDataParallelKeys()
    {
        var dict = WeightFile.Load(Fixture("raft", "tiny_raft_small.pth"));

        Assert.Equal(WeightFormat.TorchZip, dict.Format);
        Assert.Equal(106, dict.Count);
        Assert.Equal(990162, dict.ParameterCount);
        Assert.Equal(["module.fnet.conv1.weight", "module.fnet.conv1.bias", "module.fnet.layer1.0.conv1.weight"], dict.Keys.Take(3));
        Assert.Equal("aa2c7fef7c0d3f7b59f6a0995fc278c694fef27c5d88cc9f4f642e1eae000423", StateDictListing.Digest(dict));
    }

    [Fact]
    public void StripModulePrefixRemovesDataParallelPrefix()
    {
        var dict = WeightFile.Load(Fixture("raft", "tiny_raft_small.pth"), new WeightLoadOptions { StripModulePrefix = true });

        Assert.Equal(106, dict.Count);
        Assert.Equal("fnet.conv1.weight", dict.Keys.First());
        Assert.DoesNotContain(dict.Keys, k => k.StartsWith("module."));
    }

    [Fact]
    public void RealRaftSmallIsLegacyFormatWithTheFixtureLayout()
    {
        var real = WeightFile.Load(SharedFixtures.Path("models", "raft-small.pth"));
        var fixture = WeightFile.Load(Fixture("raft", "tiny_raft_small.pth"));

        Assert.Equal(WeightFormat.TorchLegacy, real.Format);
        Assert.Equal(106, real.Count);
        Assert.Equal(990162, real.ParameterCount);
        Assert.Equal(StateDictListing.Lines(fixture), StateDictListing.Lines(real));
        var bias = MemoryMarshalFloats(real["module.update_block.flow_head.conv2.bias"].ToContiguousBytes());
        Assert.Equal(2, bias.Length);
        Assert.All(real.Values.SelectMany(t => MemoryMarshalFloats(t.ToContiguousBytes())), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void RaftLargeSharesStoragesBetweenAliasedKeys()
    {
        var dict = WeightFile.Load(Fixture("raft", "raft_large_random.pth"));

        Assert.Equal(179, dict.Count);
        Assert.Equal(5261329, dict.ParameterCount);
        Assert.Equal("022eeb9e5ecbf67a4494fc1e255ff3bd188e9c77d00149d87490a1f64adc7edf", StateDictListing.Digest(dict));
        var norm = dict["module.cnet.layer2.0.norm3.weight"];
        var alias = dict["module.cnet.layer2.0.downsample.1.weight"];
        Assert.Same(norm.Storage, alias.Storage);
        Assert.Equal(norm.ToContiguousBytes(), alias.ToContiguousBytes());
    }

    [Fact]
    public void DepthAnythingLoadsItsStandardKeys()
    {
        var dict = WeightFile.Load(Fixture("depth", "tiny_depth_anything.pth"));

        Assert.Equal(127, dict.Count);
        Assert.Equal(397529, dict.ParameterCount);
        Assert.Equal(new long[] { 1, 1370, 64 }, dict["pretrained.pos_embed"].Shape);
        foreach (var key in new[] { "pretrained.blocks.0.attn.qkv.weight", "pretrained.blocks.0.ls1.gamma", "depth_head.projects.0.weight",
                     "depth_head.scratch.refinenet1.resConfUnit1.conv1.weight", "depth_head.scratch.output_conv2.2.weight" })
            Assert.True(dict.ContainsKey(key), key);
        Assert.All(dict.Keys, k => Assert.True(k.StartsWith("depth_head.") || k.StartsWith("pretrained."), k));
        Assert.Equal("18a7bcfd337948b580c599b3ea60d914910dd805c05c2d4ca7270ad63c786666", StateDictListing.Digest(dict));
    }

    [Theory]
    [InlineData("models/raft-small.pth", "e996c3b7d4b3862b29b318c7e5858697fb483d36be67094346325f81dd7a6643")]
    [InlineData("fixtures/raft/raft_large_random.pth", "940842ba078a29d6d992fff7b76061e68e5b87f27a2f29facc14d7d6e20fa0dc")]
    [InlineData("fixtures/depth/tiny_depth_anything.pth", "5cf9fa0b67b754d89f72c56fbdd3bb76c3ab9389e618c98e3fb9a59bde33ebe0")]
    [InlineData("fixtures/vqgan/tiny_vqgan.ckpt", "f7104e71cc48c9140bf865704b0b1aeb7d59d9bffba593cec197a8590a72c5a5")]
    public void TensorBytesMatchAnIndependentReader(string relative, string expected) =>
        Assert.Equal(expected, StateDictListing.DataDigest(WeightFile.Load(SharedFixtures.Path(relative.Split('/')))));

    [Theory]
    [InlineData("clip/tiny_vit_b.pt", WeightFormat.TorchScript)]
    [InlineData("clip/tiny_rn.pt", WeightFormat.TorchZip)]
    [InlineData("clip/tiny_rn.safetensors", WeightFormat.SafeTensors)]
    [InlineData("vqgan/tiny_vqgan.ckpt", WeightFormat.LightningCheckpoint)]
    [InlineData("raft/golden.safetensors", WeightFormat.SafeTensors)]
    public void DetectFormatReadsContent(string relative, WeightFormat expected) =>
        Assert.Equal(expected, WeightFile.DetectFormat(Fixture(relative.Split('/'))));

    private static void AssertSameTensors(StateDict expected, StateDict actual)
    {
        foreach (var (name, tensor) in expected)
        {
            var other = actual[name];
            Assert.Equal(tensor.DType, other.DType);
            Assert.Equal(tensor.Shape, other.Shape);
            Assert.True(tensor.ToContiguousBytes().AsSpan().SequenceEqual(other.ToContiguousBytes()), $"bytes of {name} differ");
        }
    }

    private static float[] MemoryMarshalFloats(byte[] bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
