using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Torch.Tests;

/// <summary>The ownership the engine relies on: TorchSharp dispose scopes free each step's temporaries and keep what escapes.</summary>
public class DisposeScopeTests
{
    [Fact]
    public void Dispose_scope_disposes_temporaries_and_keeps_escaped_results()
    {
        using var guard = new LeakGuard();
        torch.Tensor kept;
        torch.Tensor temporary;
        using (var scope = torch.NewDisposeScope())
        {
            temporary = torch.ones(3);
            kept = (temporary * 2).MoveToOuterDisposeScope();
            Assert.Equal(1, scope.DisposablesCount);   // the escaped result no longer belongs to it
        }
        Assert.True(temporary.IsInvalid);
        Assert.False(kept.IsInvalid);
        Assert.Equal([2f, 2f, 2f], TensorAssert.Floats(kept));
        kept.Dispose();
        Assert.True(kept.IsInvalid);
        Assert.ThrowsAny<InvalidOperationException>(() => kept.shape);
    }

    [Fact]
    public void Nested_scopes_move_results_one_level_out()
    {
        using var guard = new LeakGuard();
        using var outer = torch.NewDisposeScope();
        torch.Tensor result;
        using (var inner = torch.NewDisposeScope())
        {
            result = torch.ones(2).MoveToOuterDisposeScope();
        }
        Assert.False(result.IsInvalid);
        Assert.Equal(1, outer.DisposablesCount);
    }

    [Fact]
    public void Forward_backward_loop_in_scopes_returns_live_tensor_count_to_baseline()
    {
        using var model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.GELU(), torch.nn.LayerNorm(16), torch.nn.Linear(16, 4));
        using var gen = new torch.Generator(5);
        using var guard = new LeakGuard();   // after the model: TorchSharp counts one per Parameter for good
        for (var step = 0; step < 200; step++)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.randn([32, 8], generator: gen);
            var loss = model.forward(x).square().mean();
            loss.Backward();
            using (torch.no_grad())
            {
                foreach (var p in model.parameters())
                {
                    p.add_(p.grad!, -1e-2);   // plain gradient descent; the engine's Adam is TorchSharp's (AdamTests)
                    p.grad = null;
                }
            }
            Assert.True(scope.DisposablesCount > 0);
        }
        // The gradients and every temporary go with their step's scope: nothing stays (the guard checks).
    }
}
