using Pytti.Testing;
using Pytti.Torch.Optim;

namespace Pytti.Torch.Tests;

/// <summary>Our own Adam (<see cref="Adam"/>), kept while tests of other projects still optimise wrapped tensors with it; the engine uses TorchSharp's (<see cref="AdamTests"/>).</summary>
public class WrapperAdamTests
{
    // ../shared/fixtures/optim/README.md: lr 0.05, betas (0.9, 0.999), eps 1e-8, 20 steps of
    // loss = sum((x - target)^2 * w) + 0.01 * sum(|x|), w = linspace(0.5, 2, 8) over the last dim.
    [Fact]
    public void Reproduces_torch_optim_Adam_trajectory_to_1e6()
    {
        using var guard = new LeakGuard();
        var golden = Weights.Load(SharedFixtures.Path("fixtures", "optim", "adam_golden.safetensors"));
        try
        {
            using var x = golden["x0"].Clone().DetachFromScopes().RequiresGrad_();
            using var w = Tensor.Linspace(0.5, 2.0, 8);
            using var adam = new Adam([x], 0.05);
            var trajectory = golden["trajectory"];
            for (var step = 0; step < 20; step++)
            {
                using (var scope = LibTorch.NewDisposeScope())
                {
                    adam.ZeroGrad();
                    var loss = ((x - golden["target"]).Square() * w).Sum() + x.Abs().Sum() * 0.01;
                    loss.Backward();
                    adam.Step();
                    TensorAssert.Close(trajectory[step], x, atol: 1e-6, what: $"step {step + 1}");
                }
            }
            Assert.Equal(20, adam.StepCount(x));
        }
        finally
        {
            foreach (var t in golden.Values) t.Dispose();
        }
    }

    [Fact]
    public void Param_groups_use_their_own_learning_rates_and_reset_forgets_moments()
    {
        using var guard = new LeakGuard();
        using var a = Tensor.Ones([3]).RequiresGrad_();
        using var b = Tensor.Ones([3]).RequiresGrad_();
        using var adam = new Adam([new ParamGroup([a], 0.1), new ParamGroup([b], 0.01)]);
        using (var scope = LibTorch.NewDisposeScope())
        {
            (a.Sum() + b.Sum()).Backward();
            adam.Step();
        }
        // First Adam step moves every element by lr (sign of the gradient), whatever its size.
        TensorAssert.Close([0.9f, 0.9f, 0.9f], a.ToArray<float>(), 1e-6);
        TensorAssert.Close([0.99f, 0.99f, 0.99f], b.ToArray<float>(), 1e-6);
        adam.Reset();
        Assert.Equal(0, adam.StepCount(a));
    }

    [Fact]
    public void State_round_trips_through_its_state_dict()
    {
        using var guard = new LeakGuard();
        using var p1 = Tensor.From([1f, -2f, 3f]).RequiresGrad_();
        using var p2 = Tensor.From([1f, -2f, 3f]).RequiresGrad_();
        using var adam1 = new Adam([p1], 0.1);
        using var adam2 = new Adam([p2], 0.1);
        void StepOn(Tensor p, Adam adam)
        {
            using var scope = LibTorch.NewDisposeScope();
            adam.ZeroGrad();
            (p * p).Sum().Backward();
            adam.Step();
        }
        StepOn(p1, adam1);
        StepOn(p1, adam1);
        StepOn(p2, adam2);
        StepOn(p2, adam2);
        var saved = adam1.StateDict();
        using var adam3 = new Adam([p2], 0.1);
        adam3.LoadStateDict(saved);
        foreach (var t in saved.Values) t.Dispose();
        StepOn(p1, adam1);
        StepOn(p2, adam3);
        Assert.Equal(p1.ToArray<float>(), p2.ToArray<float>());
    }
}
