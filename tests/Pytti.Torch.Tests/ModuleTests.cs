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
            RegisterModule("attn", new MultiheadAttention(4, 2));
            RegisterModule("mlp", new Sequential(new Linear(4, 8), new Lambda(x => Functional.Gelu(x)), new Linear(8, 4)));
            RegisterModule("bn", new BatchNorm2d(3));
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
    public void Multihead_attention_equals_a_per_head_reference_computation()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        LibTorch.ManualSeed(3);
        using var mha = new MultiheadAttention(6, 3);
        mha.To(Device.Cpu, DType.Float64);
        using (LibTorch.NoGrad()) mha.in_proj_bias!.CopyFrom_(Tensor.RandN([18], dtype: DType.Float64));
        var x = Tensor.RandN([4, 2, 6], dtype: DType.Float64);     // [L, N, E]
        var mask = GradientTests.CausalMask(4);
        var actual = mha.Forward(x, x, x, mask);

        // Reference: each batch item and head separately, softmax(q k^T / sqrt(d) + mask) v.
        var w = mha.in_proj_weight.Chunk(3);
        var b = mha.in_proj_bias!.Chunk(3);
        var outputs = new List<Tensor>();
        for (var n = 0; n < 2; n++)
        {
            var xn = x.Select(1, n);                                // [L, E]
            var heads = new List<Tensor>();
            for (var h = 0; h < 3; h++)
            {
                Tensor Head(int i) => Functional.Linear(xn, w[i], b[i]).Narrow(1, 2 * h, 2);
                var scores = Functional.MatMul(Head(0), Head(1).T()) / Math.Sqrt(2) + mask;
                heads.Add(Functional.MatMul(Functional.Softmax(scores, -1), Head(2)));
            }
            outputs.Add(mha.out_proj.Forward(Tensor.Cat(heads, 1)));
        }
        var expected = Tensor.Stack(outputs, 1);                    // [L, N, E]
        TensorAssert.Close(expected, actual, atol: 1e-12);
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
