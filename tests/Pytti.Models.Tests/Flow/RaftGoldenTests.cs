using Pytti.Models.Flow;
using Pytti.Models.Tests.Clip;
using Pytti.Testing;
using Pytti.Torch.NN;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Pytti.Models.Tests.Flow;

/// <summary>
/// Our RAFT against princeton-vl's on the fixtures (../shared/fixtures/raft/README.md): random-weight
/// RAFT-small and RAFT-large on a 128x160 pair rolled by (dy 2, dx 3), 4 iterations, compared
/// iteration by iteration. Tolerance: 1e-4 px, the README's advice when kernels differ.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class RaftGoldenTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("tiny_raft_small.pth", "golden.safetensors", true)]
    [InlineData("raft_large_random.pth", "golden_large.safetensors", false)]
    public void Every_iteration_matches_upstream(string checkpoint, string goldenFile, bool small)
    {
        var golden = Pytti.Torch.Weights.LoadTorch(SharedFixtures.Path("fixtures", "raft", goldenFile));
        try
        {
            using var model = FlowModel.Load(SharedFixtures.Path("fixtures", "raft", checkpoint));
            Assert.Equal(small, model.Config.Small);
            var before = LiveCounts.Take();
            using (var scope = NewDisposeScope())
            {
                // upstream takes 0..255 and computes 2 * (x / 255) - 1; we take [0, 1]
                var image1 = golden["image1"] / 255.0;
                var image2 = golden["image2"] / 255.0;
                using var estimate = model.Estimate(image1, image2, iterations: 4, keepIterations: true);
                Assert.Equal(4, estimate.Iterations.Count);
                for (var i = 0; i < 4; i++)
                    GoldenAssert.Close(golden["flow_predictions"][i], estimate.Iterations[i], Tolerance, $"flow_predictions[{i}]", output);
                GoldenAssert.Close(golden["flow_low"], estimate.LowResolution, Tolerance, "flow_low", output);
                GoldenAssert.Close(golden["flow_up"], estimate.Flow, Tolerance, "flow_up", output);
            }
            Assert.Equal(before, LiveCounts.Take());
        }
        finally
        {
            golden.DisposeAll();
        }
    }

    [Fact]
    public void Architectures_are_read_from_the_checkpoints()
    {
        using var small = FlowModel.Load(SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth"));
        Assert.Equal(new RaftConfig(true, 96, 64, 4, 3, RaftNorm.None), small.Config);
        using var large = FlowModel.Load(SharedFixtures.Path("fixtures", "raft", "raft_large_random.pth"));
        Assert.Equal(new RaftConfig(false, 128, 128, 4, 4, RaftNorm.Batch), large.Config);
    }
}
