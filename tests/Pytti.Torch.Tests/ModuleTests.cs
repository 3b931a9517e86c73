using Pytti.Torch.NN;
using TorchSharp;
using static TorchSharp.torch;
using TS = TorchSharp.torch.Tensor;

namespace Pytti.Torch.Tests;

/// <summary>
/// What the models rely on in TorchSharp's modules: PyTorch's state-dict keys (so checkpoints load by name), batch
/// norm's running statistics, and dtype moves that keep trainable and frozen parameters as they were.
/// </summary>
public class ModuleTests
{
    private sealed class Block : nn.Module<TS, TS>
    {
        // Field names are the state-dict keys, as TorchSharp's RegisterComponents names them.
        private readonly TorchSharp.Modules.LayerNorm ln_1 = nn.LayerNorm(4);
        private readonly PackedProjections attn = new(4);
        private readonly TorchSharp.Modules.Sequential mlp = nn.Sequential(nn.Linear(4, 8), nn.GELU(), nn.Linear(8, 4));
        private readonly TorchSharp.Modules.BatchNorm2d bn = nn.BatchNorm2d(3);

        public Block() : base(nameof(Block)) => RegisterComponents();

        public override TS forward(TS input) => mlp.forward(attn.forward(ln_1.forward(input)));
    }

    /// <summary>Parameters of a module's own next to a child's: <c>nn.MultiheadAttention</c>'s key layout.</summary>
    private sealed class PackedProjections : nn.Module<TS, TS>
    {
        private readonly TorchSharp.Modules.Parameter in_proj_weight;
        private readonly TorchSharp.Modules.Parameter in_proj_bias;
        private readonly TorchSharp.Modules.Linear out_proj;

        public PackedProjections(int width) : base(nameof(PackedProjections))
        {
            in_proj_weight = nn.Parameter(zeros(3 * width, width));
            in_proj_bias = nn.Parameter(zeros(3 * width));
            out_proj = nn.Linear(width, width);
            RegisterComponents();
        }

        public override TS forward(TS input) => out_proj.forward(input);
    }

    [Fact]
    public void State_dict_keys_are_pytorchs()
    {
        using var block = new Block();
        using var guard = new LeakGuard();
        var state = block.state_dict();
        Assert.Equal(
        [
            "ln_1.weight", "ln_1.bias", "attn.in_proj_weight", "attn.in_proj_bias", "attn.out_proj.weight", "attn.out_proj.bias",
            "mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "mlp.2.bias", "bn.weight", "bn.bias",
            "bn.running_mean", "bn.running_var", "bn.num_batches_tracked",
        ], state.Keys.ToArray());
        Assert.Equal([12L, 4L], state["attn.in_proj_weight"].shape);
        Assert.Equal(4 + 4 + 48 + 12 + 16 + 4 + 32 + 8 + 32 + 4 + 3 + 3, block.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Loaded_fp16_weights_stay_trainable_float32_and_compute_the_forward()
    {
        using var linear = nn.Linear(2, 1);
        using var guard = new LeakGuard();
        using var scope = NewDisposeScope();
        var source = new Dictionary<string, TS>
        {
            ["weight"] = tensor(new[] { 0.5f, -1.25f }, [1, 2]).to(float16),
            ["bias"] = tensor(new[] { 2f }).to(float16),
            ["loss.discriminator.weight"] = zeros(1),
        };
        linear.LoadWeights(source, ignore: k => k.StartsWith("loss.", StringComparison.Ordinal));
        Assert.Equal(ScalarType.Float32, linear.weight!.dtype);
        Assert.Equal([0.5f, -1.25f], TensorAssert.Floats(linear.weight));
        Assert.True(linear.weight.requires_grad);
        var y = linear.forward(tensor(new[] { 2f, 1f }, [1, 2]));
        Assert.Equal([1.75f], TensorAssert.Floats(y));   // 0.5*2 - 1.25*1 + 2
    }

    [Fact]
    public void Batch_norm_uses_running_statistics_in_eval_and_counts_batches_in_training()
    {
        using var bn = nn.BatchNorm2d(1);
        using var guard = new LeakGuard();
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            bn.running_mean!.fill_(1.0);
            bn.running_var!.fill_(4.0);
        }
        bn.eval();
        var y = bn.forward(full([1, 1, 1, 2], 5.0));
        TensorAssert.Close([2.0f, 2.0f], TensorAssert.Floats(y), 1e-5);   // (5 - 1) / sqrt(4 + eps)
        bn.train();
        bn.forward(randn(2, 1, 2, 2));
        Assert.Equal(1L, bn.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void Moving_to_float64_keeps_parameters_trainable_and_frozen_ones_frozen_and_converts_floats_only()
    {
        using var bn = nn.BatchNorm2d(2);
        bn.to(float64);
        Assert.Equal(ScalarType.Float64, bn.weight!.dtype);
        Assert.True(bn.weight.requires_grad);
        Assert.Equal(ScalarType.Int64, bn.num_batches_tracked!.dtype);
        bn.bias!.requires_grad = false;
        bn.to(float32);
        Assert.False(bn.bias!.requires_grad);                 // a frozen parameter stays frozen when moved
        Assert.True(bn.weight!.requires_grad);
    }

    [Fact]
    public void Freeze_sets_eval_mode_and_no_parameter_requires_grad_even_after_a_move()
    {
        using var block = new Block();
        block.Freeze();
        Assert.False(block.training);
        block.to(float64);
        Assert.All(block.parameters(), p => Assert.False(p.requires_grad));
    }
}
