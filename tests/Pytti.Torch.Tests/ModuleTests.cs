using Pytti.Testing;
using Pytti.Torch.NN;

namespace Pytti.Torch.Tests;

public class ModuleTests
{
    private sealed class Block : Module
    {
        public Block()
        {
            RegisterModule("ln_1", new LayerNorm(4));
            RegisterModule("attn", new PackedProjections(4));
            RegisterModule("mlp", new Sequential(new Linear(4, 8), new Lambda(x => Functional.Gelu(x)), new Linear(8, 4)));
            RegisterModule("bn", new BatchNorm2d(3));
        }
    }

    /// <summary>Parameters of a module's own next to a child's: <c>nn.MultiheadAttention</c>'s key layout.</summary>
    private sealed class PackedProjections : Module
    {
        public PackedProjections(int width)
        {
            RegisterParameter("in_proj_weight", Tensor.Zeros([3 * width, width]));
            RegisterParameter("in_proj_bias", Tensor.Zeros([3 * width]));
            RegisterModule("out_proj", new Linear(width, width));
        }
    }

    [Fact]
    public void State_dict_keys_are_pytorchs()
    {
        using var guard = new LeakGuard();
        using var block = new Block();
        var keys = block.StateDict().Keys.ToArray();
        Assert.Equal(
        [
            "ln_1.weight", "ln_1.bias", "attn.in_proj_weight", "attn.in_proj_bias", "attn.out_proj.weight", "attn.out_proj.bias",
            "mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "mlp.2.bias", "bn.weight", "bn.bias",
            "bn.running_mean", "bn.running_var", "bn.num_batches_tracked",
        ], keys);
        Assert.Equal([12L, 4L], block.StateDict()["attn.in_proj_weight"].Shape);
        Assert.Equal(4 + 4 + 48 + 12 + 16 + 4 + 32 + 8 + 32 + 4 + 3 + 3, block.ParameterCount());
    }

    [Fact]
    public void Load_state_dict_names_every_offending_key_and_changes_nothing()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var linear = new Linear(3, 2);
        var before = linear.weight.ToArray<float>();
        var bad = new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.Zeros([2, 4]),
            ["extra.weight"] = Tensor.Zeros([1]),
        };
        var e = Assert.Throws<StateDictMismatchException>(() => linear.LoadStateDict(bad));
        Assert.Contains("key 'weight' has shape [2, 4], the module expects [2, 3]", e.Message);
        Assert.Contains("missing key 'bias'", e.Message);
        Assert.Contains("unexpected key 'extra.weight'", e.Message);
        Assert.Equal(["weight", "bias", "extra.weight"], e.Keys);
        Assert.Equal(before, linear.weight.ToArray<float>());
    }

    [Fact]
    public void Load_state_dict_converts_fp16_and_ignores_what_the_caller_skips()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var linear = new Linear(2, 1);
        var source = new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.From([0.5f, -1.25f], 1, 2).To(DType.Float16),
            ["bias"] = Tensor.From([2f], 1).To(DType.Float16),
            ["loss.discriminator.weight"] = Tensor.Zeros([1]),
        };
        linear.LoadStateDict(source, ignore: k => k.StartsWith("loss.", StringComparison.Ordinal));
        Assert.Equal(DType.Float32, linear.weight.DType);
        Assert.Equal([0.5f, -1.25f], linear.weight.ToArray<float>());
        Assert.True(linear.weight.RequiresGrad);
        var y = linear.Forward(Tensor.From([2f, 1f], 1, 2));
        Assert.Equal([1.75f], y.ToArray<float>());   // 0.5*2 - 1.25*1 + 2
    }

    [Fact]
    public void Batch_norm_uses_running_statistics_in_eval_and_counts_batches_in_training()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var bn = new BatchNorm2d(1);
        bn.running_mean.Fill_(1.0);
        bn.running_var.Fill_(4.0);
        bn.Eval();
        var y = bn.Forward(Tensor.Full([1, 1, 1, 2], 5.0));
        TensorAssert.Close([2.0f, 2.0f], y.ToArray<float>(), 1e-5);   // (5 - 1) / sqrt(4 + eps)
        bn.Train();
        bn.Forward(Tensor.RandN([2, 1, 2, 2]));
        Assert.Equal(1.0, bn.num_batches_tracked.Item());
    }

    [Fact]
    public void Module_to_keeps_parameters_trainable_and_converts_floats_only()
    {
        using var guard = new LeakGuard();
        using var bn = new BatchNorm2d(2);
        bn.To(Device.Cpu, DType.Float64);
        Assert.Equal(DType.Float64, bn.weight.DType);
        Assert.True(bn.weight.RequiresGrad);
        Assert.Equal(DType.Int64, bn.num_batches_tracked.DType);
        bn.bias.RequiresGrad = false;
        bn.To(Device.Cpu, DType.Float32);
        Assert.False(bn.bias.RequiresGrad);                 // a frozen parameter stays frozen when moved
        Assert.True(bn.weight.RequiresGrad);
    }

    [Fact]
    public void Freeze_sets_eval_mode_and_no_parameter_requires_grad_even_after_a_move()
    {
        using var guard = new LeakGuard();
        using var block = new Block();
        block.Freeze();
        Assert.False(block.Training);
        block.To(Device.Cpu, DType.Float64);
        Assert.All(block.Parameters(), p => Assert.False(p.RequiresGrad));
    }
}
