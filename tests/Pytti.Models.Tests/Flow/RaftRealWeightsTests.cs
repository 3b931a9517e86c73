using Pytti.Models.Flow;
using Pytti.Models.Tests.Clip;
using Pytti.Testing;
using Pytti.Torch.NN;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Pytti.Models.Tests.Flow;

/// <summary>
/// The released RAFT-small weights (legacy <c>torch.save</c>, <c>module.</c> keys) on two crops of a
/// photograph whose content moves by (+4, -2) px (../shared/fixtures/real/README.md), 12 iterations:
/// upstream's flow to 1e-3 px, and the known motion to 0.1 px in the median.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class RaftRealWeightsTests(ITestOutputHelper output)
{
    [Fact]
    public void Released_raft_small_reproduces_upstream_and_recovers_the_known_motion()
    {
        var golden = Pytti.Torch.Weights.LoadTorch(SharedFixtures.Path("fixtures", "real", "raft_small_real_golden.safetensors"));
        try
        {
            using var model = FlowModel.Load(SharedFixtures.Path("models", "raft-small.pth"));
            var before = LiveCounts.Take();
            using (var scope = NewDisposeScope())
            {
                using var estimate = model.Estimate(golden["image1"] / 255.0, golden["image2"] / 255.0, iterations: 12);
                GoldenAssert.Close(golden["flow_low"], estimate.LowResolution, 1e-3 / 8, "flow_low", output);
                GoldenAssert.Close(golden["flow_up"], estimate.Flow, 1e-3, "flow_up", output);
                var (dx, dy) = (Median(estimate.Flow[0][0]), Median(estimate.Flow[0][1]));
                output.WriteLine($"median flow ({dx:F4}, {dy:F4})");
                Assert.InRange(dx, 4 - 0.1, 4 + 0.1);
                Assert.InRange(dy, -2 - 0.1, -2 + 0.1);
            }
            Assert.Equal(before, LiveCounts.Take());
        }
        finally
        {
            golden.DisposeAll();
        }
    }

    [Fact]
    public void The_golden_inputs_are_the_png_pair()
    {
        var golden = Pytti.Torch.Weights.LoadTorch(SharedFixtures.Path("fixtures", "real", "raft_small_real_golden.safetensors"));
        try
        {
            for (var i = 1; i <= 2; i++)
            {
                using var decoded = TestImages.ReadRgb255(SharedFixtures.Path("fixtures", "real", $"raft_pair_{i}.png"));
                GoldenAssert.Close(golden[$"image{i}"], decoded, 0, $"image{i}", output);
            }
        }
        finally
        {
            golden.DisposeAll();
        }
    }

    /// <summary>numpy's median: the mean of the two middle values for an even count.</summary>
    internal static double Median(Tensor values)
    {
        var v = values.data<float>().ToArray();
        Array.Sort(v);
        var mid = v.Length / 2;
        return v.Length % 2 == 1 ? v[mid] : (v[mid - 1] + (double)v[mid]) / 2;
    }
}
