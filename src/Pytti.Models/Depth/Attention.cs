using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Depth;

/// <summary>DINOv2's multi-head self-attention (the plain path, as without xFormers): fused <c>qkv</c>, softmax(q·kᵀ/√d)·v, <c>proj</c>.</summary>
internal sealed class Attention : Module
{
    public Attention(long dim, int heads)
    {
        Heads = heads;
        qkv = RegisterModule("qkv", new Linear(dim, 3 * dim));
        proj = RegisterModule("proj", new Linear(dim, dim));
    }

    public int Heads { get; }
    public Linear qkv { get; }
    public Linear proj { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var (b, n, c) = (x.Size(0), x.Size(1), x.Size(2));
        var headDim = c / Heads;
        var parts = qkv.Forward(x).Reshape(b, n, 3, Heads, headDim).Permute(2, 0, 3, 1, 4); // [3, B, heads, N, hd]
        var q = parts[0] * Math.Pow(headDim, -0.5);
        var attn = Functional.Softmax(Functional.MatMul(q, parts[1].Transpose(-2, -1)), -1);   // [B, heads, N, N]
        var mixed = Functional.MatMul(attn, parts[2]).Transpose(1, 2).Reshape(b, n, c);        // [B, N, C]
        return proj.Forward(mixed).MoveToOuterScope();
    }
}
