using Pytti.Torch.Ops;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Benchmarks;

/// <summary>
/// <c>nn.MultiheadAttention</c>'s self-attention as CLIP's blocks run it (<c>ClipAttention</c>): one packed
/// in-projection, the attention core, the out-projection; sequence-first [L, N, E].
/// </summary>
public sealed class PackedSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly int _heads;
    private readonly TorchSharp.Modules.Parameter in_proj_weight;
    private readonly TorchSharp.Modules.Parameter in_proj_bias;
    private readonly TorchSharp.Modules.Linear out_proj;

    public PackedSelfAttention(int width, int heads) : base(nameof(PackedSelfAttention))
    {
        _heads = heads;
        var bound = Math.Sqrt(6.0 / (4 * width));   // xavier_uniform_ of [3E, E]
        using (var u = rand(3 * width, width))
        using (var scaled = u * (2 * bound))
            in_proj_weight = nn.Parameter(scaled - bound);
        in_proj_bias = nn.Parameter(zeros(3 * width));
        out_proj = nn.Linear(width, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (l, n, e) = (input.shape[0], input.shape[1], input.shape[2]);
        var qkv = F.linear(input, in_proj_weight, in_proj_bias);             // [L, N, 3E]
        var attended = Attention.SelfAttention(qkv, _heads).view(l * n, e);  // [L·N, E]
        return out_proj.forward(attended).view(l, n, e).MoveToOuterDisposeScope();
    }
}
