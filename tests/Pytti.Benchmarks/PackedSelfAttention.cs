using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Benchmarks;

/// <summary>
/// <c>nn.MultiheadAttention</c>'s self-attention as CLIP's blocks run it (<c>ClipAttention.SelfAttend</c>): one packed
/// in-projection, the attention core, the out-projection; sequence-first [L, N, E].
/// </summary>
public sealed class PackedSelfAttention : Module
{
    private readonly int _heads;

    public PackedSelfAttention(int width, int heads)
    {
        _heads = heads;
        var bound = Math.Sqrt(6.0 / (4 * width));   // xavier_uniform_ of [3E, E]
        using var u = Tensor.Rand([3 * width, width]);
        using var scaled = u * (2 * bound);
        RegisterParameter("in_proj_weight", scaled - bound);
        RegisterParameter("in_proj_bias", Tensor.Zeros([3 * width]));
        RegisterModule("out_proj", new Linear(width, width));
    }

    public override Tensor Forward(Tensor input)
    {
        using var scope = LibTorch.NewDisposeScope();
        var (l, n, e) = (input.Size(0), input.Size(1), input.Size(2));
        var qkv = Functional.Linear(input, Parameter("in_proj_weight"), Parameter("in_proj_bias"));
        var attended = Functional.SelfAttention(qkv, _heads).View(l * n, e);
        var outProj = NamedChildren().First(c => c.Name == "out_proj").Module;
        return outProj.Forward(attended).View(l, n, e).MoveToOuterScope();
    }
}
