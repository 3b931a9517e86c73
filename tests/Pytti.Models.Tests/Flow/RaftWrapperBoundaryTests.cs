using Pytti.Models.Flow;
using Pytti.Models.Tests.Clip;
using Pytti.Testing;
using Pytti.Torch;

namespace Pytti.Models.Tests.Flow;

/// <summary>
/// The <see cref="Pytti.Torch.Tensor"/> entry the engine and CLI still call: the same flow as the TorchSharp entry,
/// its result outlives the caller's dispose scope, and nothing leaks.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class RaftWrapperBoundaryTests
{
    [Fact]
    public void The_wrapper_entry_gives_the_torchsharp_entrys_flow_and_owns_it()
    {
        using var model = FlowModel.Load(SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth"));
        var before = LiveCounts.Take();
        using (var outer = LibTorch.NewDisposeScope())
        {
            using var generator = new Generator(3);
            var image1 = Tensor.Rand([1, 3, 128, 136], generator);
            var image2 = Tensor.Rand([1, 3, 128, 136], generator);
            FlowEstimate wrapped;
            using (var inner = LibTorch.NewDisposeScope())
                wrapped = model.Estimate(image1, image2, 2, keepIterations: true);
            using (wrapped)
            using (var direct = model.Estimate(image1.Torch, image2.Torch, 2, keepIterations: true))
            {
                GoldenAssert.Identical(direct.Flow, wrapped.Flow.Torch, "flow");
                GoldenAssert.Identical(direct.LowResolution, wrapped.LowResolution.Torch, "low-resolution flow");
                Assert.Equal(2, wrapped.Iterations.Count);
                for (var i = 0; i < 2; i++)
                    GoldenAssert.Identical(direct.Iterations[i], wrapped.Iterations[i].Torch, $"iteration {i}");
            }
        }
        Assert.Equal(before, LiveCounts.Take());
    }
}
