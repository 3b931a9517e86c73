using Pytti.Testing;
using Pytti.Torch.NN;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using Pytti.Torch.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using Adam = TorchSharp.Modules.Adam;

namespace Pytti.Torch.Tests;

/// <summary>TorchSharp's Adam (<see cref="AdamCheckpoints"/>) against PyTorch's, and its state through checkpoints.</summary>
public class AdamTests
{
    // ../shared/fixtures/optim/README.md: lr 0.05, betas (0.9, 0.999), eps 1e-8, 20 steps of
    // loss = sum((x - target)^2 * w) + 0.01 * sum(|x|), w = linspace(0.5, 2, 8) over the last dim.
    [Fact]
    public void Reproduces_torch_optim_Adam_trajectory_to_1e6()
    {
        var golden = Weights.LoadTorch(SharedFixtures.Path("fixtures", "optim", "adam_golden.safetensors"));
        try
        {
            using var x = new Parameter(golden["x0"].clone());
            FollowTrajectory(x, golden["target"], golden["trajectory"]);
        }
        finally
        {
            golden.DisposeAll();
        }
    }

    private static void FollowTrajectory(Parameter x, torch.Tensor target, torch.Tensor trajectory)
    {
        using var guard = new LeakGuard();   // after the Parameter: TorchSharp counts one per Parameter for good
        using var w = torch.linspace(0.5, 2.0, 8);
        using var adam = AdamCheckpoints.Create([x], 0.05);
        for (var step = 0; step < 20; step++)
        {
            using var scope = torch.NewDisposeScope();
            adam.ClearGrads();
            var loss = ((x - target).square() * w).sum() + x.abs().sum() * 0.01;
            loss.Backward();
            adam.step();
            var worst = (trajectory[step] - x).abs().max().item<float>();
            Assert.True(worst <= 1e-6, $"step {step + 1}: off by {worst} (atol 1e-6)");
        }
        Assert.Equal(20, adam.StepCount(x));
    }

    [Fact]
    public void Param_groups_use_their_own_learning_rates_and_reset_forgets_moments()
    {
        using var a = new Parameter(torch.ones(3));
        using var b = new Parameter(torch.ones(3));
        using var guard = new LeakGuard();
        using var adam = new Adam([new Adam.ParamGroup([a], lr: 0.1, beta1: 0.9, beta2: 0.999), new Adam.ParamGroup([b], lr: 0.01, beta1: 0.9, beta2: 0.999)]);
        using (var scope = torch.NewDisposeScope())
        {
            (a.sum() + b.sum()).Backward();
            adam.step();
        }
        // First Adam step moves every element by lr (sign of the gradient), whatever its size.
        Assert.Equal([0.9f, 0.9f, 0.9f], a.data<float>().ToArray(), (p, q) => Math.Abs(p - q) < 1e-6);
        Assert.Equal([0.99f, 0.99f, 0.99f], b.data<float>().ToArray(), (p, q) => Math.Abs(p - q) < 1e-6);
        Assert.Equal(1, adam.StepCount(a));
        adam.Reset();
        Assert.Equal(0, adam.StepCount(a));
        Assert.Empty(adam.SaveState());
    }

    [Fact]
    public void A_parameter_without_a_gradient_is_not_stepped()
    {
        using var a = new Parameter(torch.ones(2));
        using var b = new Parameter(torch.ones(2));
        using var guard = new LeakGuard();
        using var adam = AdamCheckpoints.Create([a, b], 0.1);
        using (var scope = torch.NewDisposeScope())
        {
            a.sum().Backward();
            adam.step();
            adam.ClearGrads();
            Assert.Null(a.grad);
        }
        Assert.Equal(1, adam.StepCount(a));
        Assert.Equal(0, adam.StepCount(b));
        Assert.Equal([1f, 1f], b.data<float>().ToArray());
        Assert.Equal(["0.0.exp_avg", "0.0.exp_avg_sq", "0.0.step"], SavedKeys(adam));
    }

    private static string[] SavedKeys(Adam adam)
    {
        var saved = adam.SaveState();
        saved.DisposeAll();
        return saved.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void State_round_trips_through_its_named_tensors_and_a_safetensors_file()
    {
        using var p1 = new Parameter(torch.tensor(new[] { 1f, -2f, 3f }));
        using var p2 = new Parameter(torch.tensor(new[] { 1f, -2f, 3f }));
        using var guard = new LeakGuard();
        using var adam1 = AdamCheckpoints.Create([p1], 0.1);
        using var adam2 = AdamCheckpoints.Create([p2], 0.1);
        static void StepOn(Parameter p, Adam adam)
        {
            using var scope = torch.NewDisposeScope();
            adam.ClearGrads();
            (p * p).sum().Backward();
            adam.step();
        }
        StepOn(p1, adam1);
        StepOn(p1, adam1);
        StepOn(p2, adam2);
        StepOn(p2, adam2);
        var path = Path.Combine(Path.GetTempPath(), $"adam-{Guid.NewGuid():N}.safetensors");
        try
        {
            var saved = adam1.SaveState();
            SafeTensorsWriter.Write(path, saved.Select(kv => (kv.Key, (DType)(sbyte)kv.Value.dtype, kv.Value.shape, kv.Value.bytes.ToArray())));
            saved.DisposeAll();
            var loaded = Weights.LoadTorch(path);
            using var adam3 = AdamCheckpoints.Create([p2], 0.1);
            adam3.LoadState(loaded);
            loaded.DisposeAll();
            Assert.Equal(2, adam3.StepCount(p2));
            StepOn(p1, adam1);
            StepOn(p2, adam3);
            Assert.Equal(p1.data<float>().ToArray(), p2.data<float>().ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
