using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Depth;

/// <summary>DINOv2's multi-head self-attention (the plain path, as without xFormers): fused <c>qkv</c>, softmax(q·kᵀ/√d)·v, <c>proj</c>.</summary>
internal sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;

    public Attention(long dim, int heads) : base(nameof(Attention))
    {
        Heads = heads;
        qkv = nn.Linear(dim, 3 * dim);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    public int Heads { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, n, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var headDim = c / Heads;
        var parts = qkv.forward(x).reshape(b, n, 3, Heads, headDim).permute(2, 0, 3, 1, 4); // [B,N,3C] -> [3, B, heads, N, hd]
        var q = parts.select(0, 0) * Math.Pow(headDim, -0.5);
        var attn = nn.functional.softmax(matmul(q, parts.select(0, 1).transpose(-2, -1)), -1); // [B, heads, N, N]
        var mixed = matmul(attn, parts.select(0, 2)).transpose(1, 2).reshape(b, n, c);        // [B, heads, N, hd] -> [B, N, C]
        return proj.forward(mixed).MoveToOuterDisposeScope();
    }
}
