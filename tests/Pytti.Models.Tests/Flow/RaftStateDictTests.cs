using Pytti.Models.Flow;
using Pytti.Models.Tests.Clip;
using Pytti.Testing;
using Pytti.Torch.NN;
using Pytti.Torch.Serialization;
using static TorchSharp.torch;

namespace Pytti.Models.Tests.Flow;

/// <summary>FlowModel is a TorchSharp module whose state dict is the checkpoint's, key for key and value for value.</summary>
[Collection(LibTorchCollection.Name)]
public class RaftStateDictTests
{
    private static Dictionary<string, Tensor> Checkpoint(string file) =>
        Pytti.Torch.Weights.LoadTorch(SharedFixtures.Path("fixtures", "raft", file), Pytti.Torch.DType.Float32,
            options: new WeightLoadOptions { StripModulePrefix = true });

    [Theory]
    [InlineData("tiny_raft_small.pth", 106)]
    [InlineData("raft_large_random.pth", 179)]   // the encoders' shared norms appear as both norm3 and downsample.1
    public void State_dict_keys_and_values_are_the_checkpoints(string file, int keys)
    {
        var weights = Checkpoint(file);
        try
        {
            using var model = FlowModel.FromStateDict(weights);
            var own = model.state_dict();
            Assert.Equal(keys, weights.Count);
            Assert.Equal(weights.Keys.Order(StringComparer.Ordinal), own.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, value) in weights)
            {
                GoldenAssert.Identical(value, own[name], name);
            }
            Assert.False(model.training);
            Assert.All(model.parameters(), p => Assert.False(p.requires_grad));
        }
        finally
        {
            weights.DisposeAll();
        }
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_is_named_and_nothing_is_loaded()
    {
        var weights = Checkpoint("tiny_raft_small.pth");
        try
        {
            weights["update_block.flow_head.conv2.bias"].Dispose();
            weights["update_block.flow_head.conv2.bias"] = zeros(3);
            var error = Assert.Throws<FlowLoadException>(() => FlowModel.FromStateDict(weights, source: "edited.pth"));
            Assert.Contains("edited.pth", error.Message);
            Assert.Contains("update_block.flow_head.conv2.bias", error.Message);
        }
        finally
        {
            weights.DisposeAll();
        }
    }
}
