namespace Pytti.Torch.Tests;

public class GradientOpsTests
{
    [Fact]
    public void Clamp_with_grad_blocks_only_gradients_that_push_further_out_of_range()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.From([-0.5f, 0.5f, 1.5f, -0.5f, 1.5f]).RequiresGrad_();
        var y = GradientOps.ClampWithGrad(x, 0, 1);
        Assert.Equal([0f, 0.5f, 1f, 0f, 1f], y.ToArray<float>());
        // d loss / d y = g; descent moves x by -g.
        var g = Tensor.From([1f, 1f, -1f, -1f, 1f]);
        y.Backward(g);
        // x=-0.5,g=+1: pushes further below 0 -> blocked; x=1.5,g=-1: pushes above 1 -> blocked;
        // x=-0.5,g=-1 and x=1.5,g=+1 pull back into range -> pass; in range -> pass.
        Assert.Equal([0f, 1f, 0f, -1f, 1f], x.Grad!.ToArray<float>());
    }

    [Fact]
    public void Replace_grad_has_the_forward_value_and_the_backward_gradient()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var a = Tensor.From([2f, 3f]).RequiresGrad_();
        var b = Tensor.From([5f, 7f]).RequiresGrad_();
        var y = GradientOps.ReplaceGrad(a * a, b * 3);
        Assert.Equal([4f, 9f], y.ToArray<float>());
        y.Sum().Backward();
        Assert.Null(a.Grad);
        Assert.Equal([3f, 3f], b.Grad!.ToArray<float>());
    }
}

public class ReplaceGradExactnessTests
{
    [Fact]
    public void Replace_grad_value_is_bit_identical_to_forward()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var g = new Generator(3);
        var forward = Tensor.RandN([1000], g) * 1e3;
        var backward = (Tensor.RandN([1000], g) * 1e-3).RequiresGrad_();
        var y = GradientOps.ReplaceGrad(forward, backward);
        Assert.Equal(forward.ToArray<float>(), y.ToArray<float>());
    }
}
