using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Torch.Tests;

/// <summary>Grad modes control graph recording, and a backward without a graph is a clear error.</summary>
public class GradModeTests
{
    [Fact]
    public void Grad_modes_control_graph_recording()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(2).requires_grad_();
        Assert.True(torch.is_grad_enabled());
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            Assert.False((x * 2).requires_grad);
            using (torch.enable_grad()) Assert.True((x * 2).requires_grad);
        }
        Assert.True((x * 2).requires_grad);
        using (torch.inference_mode())
        {
            Assert.False((x * 2).requires_grad);
        }
        var y = (x * x).sum();
        y.Backward();
        Assert.Equal([2f, 2f], TensorAssert.Floats(x.grad!));
        x.grad = null;
        Assert.Null(x.grad);
    }

    [Fact]
    public void Backward_without_graph_is_a_clear_error()
    {
        using var guard = new LeakGuard();
        using var x = torch.ones(2);
        using var y = x.sum();
        var e = Assert.Throws<TorchException>(() => y.Backward());
        Assert.Contains("does not require grad", e.Message);
    }
}
