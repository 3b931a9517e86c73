using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Torch.Tests;

public class CheckedAutogradTests
{
    [Fact]
    public void A_second_backward_through_a_freed_graph_is_an_exception_not_the_end_of_the_process()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(3).requires_grad_();
        var y = (x * x).sum();
        y.Backward();
        var e = Assert.Throws<TorchException>(() => y.Backward());
        Assert.Contains("second time", e.Message);
        Assert.Equal([2f, 2f, 2f], x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Grad_of_an_input_without_gradient_is_a_clear_error()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(2).requires_grad_();
        var y = (x * 3).sum();
        var e = Assert.Throws<TorchException>(() => CheckedAutograd.Grad([y], [torch.ones(2)]));
        Assert.Contains("element 0 of the inputs does not require grad", e.Message);
        Assert.Contains("element 0 of the outputs does not require grad", Assert.Throws<TorchException>(() => CheckedAutograd.Grad([y.detach()], [x])).Message);
        Assert.Equal([3f, 3f], CheckedAutograd.Grad([y], [x])[0]!.data<float>().ToArray());
    }

    [Fact]
    public void Grad_gives_null_for_an_input_the_outputs_do_not_use()
    {
        // TorchSharp counts the undefined tensor libtorch returns for the unused input even after it is disposed: one
        // per call, and nothing else may stay.
        static void GradOnce()
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.ones(2).requires_grad_();
            var unused = torch.ones(2).requires_grad_();
            var y = (x * 3).sum();
            var grads = CheckedAutograd.Grad([y], [x, unused], allowUnused: true);
            Assert.Equal([3f, 3f], grads[0]!.data<float>().ToArray());
            Assert.Null(grads[1]);
        }
        var guard = new LeakGuard();
        for (var call = 1; call <= 3; call++)
        {
            GradOnce();
            LeakGuard.Settle();
            Assert.Equal(call, guard.Leaked);
        }
    }
}

public class InterpolationTests
{
    [Fact]
    public void Lerp_with_a_scalar_weight_is_ATen_s_lerp_and_differentiable()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var start = torch.tensor(new[] { 0.0, 1.0, -2.0 }).requires_grad_();
        var end = torch.tensor(new[] { 10.0, 3.0, 2.0 });
        var y = start.Lerp(end, 0.25);
        Assert.Equal(start.lerp(end, torch.tensor(0.25, torch.float64)).data<double>().ToArray(), y.data<double>().ToArray());
        Assert.Equal([2.5, 1.5, -1.0], y.data<double>().ToArray());
        y.sum().Backward();
        Assert.Equal([0.75, 0.75, 0.75], start.grad!.data<double>().ToArray());
        using (torch.no_grad())
        {
            var copy = start.detach().clone();
            copy.Lerp_(end, 0.5);
            Assert.Equal([5.0, 2.0, 0.0], copy.data<double>().ToArray());
        }
    }
}
