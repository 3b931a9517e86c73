using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Torch.Tests;

public class GradientTricksTests
{
    [Fact]
    public void Clamp_with_grad_blocks_only_gradients_that_push_further_out_of_range()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { -0.5f, 0.5f, 1.5f, -0.5f, 1.5f }).requires_grad_();
        var y = x.ClampWithGrad(0, 1);
        Assert.Equal([0f, 0.5f, 1f, 0f, 1f], y.data<float>().ToArray());
        // d loss / d y = g; descent moves x by -g.
        var g = torch.tensor(new[] { 1f, 1f, -1f, -1f, 1f });
        y.Backward(g);
        // x=-0.5,g=+1: pushes further below 0 -> blocked; x=1.5,g=-1: pushes above 1 -> blocked;
        // x=-0.5,g=-1 and x=1.5,g=+1 pull back into range -> pass; in range -> pass.
        Assert.Equal([0f, 1f, 0f, -1f, 1f], x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Replace_grad_has_the_forward_value_and_the_backward_gradient()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new[] { 2f, 3f }).requires_grad_();
        var b = torch.tensor(new[] { 5f, 7f }).requires_grad_();
        var y = (a * a).ReplaceGrad(b * 3);
        Assert.Equal([4f, 9f], y.data<float>().ToArray());
        y.sum().Backward();
        Assert.Null(a.grad);
        Assert.Equal([3f, 3f], b.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Replace_grad_value_is_bit_identical_to_forward()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var g = new torch.Generator(3);
        var forward = torch.randn([1000], generator: g) * 1e3;
        var backward = (torch.randn([1000], generator: g) * 1e-3).requires_grad_();
        var y = forward.ReplaceGrad(backward);
        Assert.Equal(forward.data<float>().ToArray(), y.data<float>().ToArray());
    }
}
