using Pytti.Torch.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Clip;

/// <summary>
/// CLIP's <c>nn.MultiheadAttention</c>: PyTorch's packed in-projection and key names (<c>in_proj_weight</c> [3E, E],
/// <c>in_proj_bias</c> [3E], <c>out_proj.weight</c>, <c>out_proj.bias</c>), sequence-first inputs, and PyTorch 1.13's
/// operator sequence (<see cref="Attention"/>), which keeps double backward working on the CPU.
/// </summary>
public sealed class ClipAttention : nn.Module
{
    private readonly Parameter in_proj_weight;
    private readonly Parameter in_proj_bias;
    private readonly Linear out_proj;

    public ClipAttention(long embedDim, long numHeads) : base(nameof(ClipAttention))
    {
        if (embedDim % numHeads != 0)
            throw new ArgumentException($"embed_dim {embedDim} is not divisible by num_heads {numHeads}");
        (EmbedDim, NumHeads) = (embedDim, numHeads);
        in_proj_weight = new Parameter(nn.init.xavier_uniform_(empty(3 * embedDim, embedDim)));
        in_proj_bias = new Parameter(zeros(3 * embedDim));
        out_proj = nn.Linear(embedDim, embedDim);
        register_parameter(nameof(in_proj_weight), in_proj_weight);
        register_parameter(nameof(in_proj_bias), in_proj_bias);
        register_module(nameof(out_proj), out_proj);
    }

    public long EmbedDim { get; }
    public long NumHeads { get; }

    /// <summary>Self-attention of <paramref name="x"/> [L, N, E] → [L, N, E]; <paramref name="mask"/> null or an additive [L, L].</summary>
    public Tensor SelfAttend(Tensor x, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var (l, n) = (x.size(0), x.size(1));
        var qkv = nn.functional.linear(x, in_proj_weight, in_proj_bias);                 // [L, N, 3E]
        var attended = Attention.SelfAttention(qkv, NumHeads, mask).view(l * n, EmbedDim);
        return out_proj.call(attended).view(l, n, EmbedDim).MoveToOuterDisposeScope();   // -> [L, N, E]
    }

    /// <summary>
    /// A query of its own, <paramref name="query"/> [L', N, E], over keys and values from <paramref name="x"/> [L, N, E] →
    /// [L', N, E]; <paramref name="mask"/> null or an additive [L', L]. Keys and values come from one product.
    /// </summary>
    public Tensor Attend(Tensor query, Tensor x, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var (l, n) = (query.size(0), query.size(1));
        var w = in_proj_weight.chunk(3);
        var b = in_proj_bias.chunk(3);
        var kv = nn.functional.linear(x, in_proj_weight.narrow(0, EmbedDim, 2 * EmbedDim), in_proj_bias.narrow(0, EmbedDim, 2 * EmbedDim)).chunk(2, -1);
        var q = nn.functional.linear(query, w[0], b[0]);
        var attended = Attention.Attend(q, kv[0], kv[1], NumHeads, mask);               // [L'·N, E]
        return out_proj.call(attended).view(l, n, EmbedDim).MoveToOuterDisposeScope();   // -> [L', N, E]
    }
}
