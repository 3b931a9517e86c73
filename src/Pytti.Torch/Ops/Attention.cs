using TorchSharp;

namespace Pytti.Torch.Ops;

/// <summary>
/// Multi-head attention's core as PyTorch 1.13's <c>multi_head_attention_forward</c> computes it after the in-projection,
/// on TorchSharp tensors, sequence-first (<c>batch_first=False</c>). Not <c>scaled_dot_product_attention</c>: libtorch
/// 2.10's CPU flash kernel has no double backward, and its failure there escapes libtorch's autograd thread and ends the
/// process.
/// </summary>
public static class Attention
{
    /// <summary>
    /// Self-attention over the packed in-projection <paramref name="qkv"/> [L, N, 3E] (q, k and v side by side, as
    /// <c>nn.MultiheadAttention</c>'s one linear layer makes them): <c>softmax(q·kᵀ/√d + mask)·v</c> per head, the
    /// <paramref name="numHeads"/> heads merged, [L, N, E], ready for the output projection. <paramref name="attnMask"/> is
    /// null or an additive float [L, L] (CLIP's causal mask). Wrong shapes throw <see cref="TorchException"/>.
    /// </summary>
    public static torch.Tensor SelfAttention(torch.Tensor qkv, long numHeads, torch.Tensor? attnMask = null)
    {
        var (l, n, e) = SelfAttentionShape(qkv, numHeads, attnMask);
        using var scope = torch.NewDisposeScope();
        var parts = qkv.chunk(3, -1);                                                   // [L,N,3E] -> 3 x [L,N,E]
        var attended = Attend(parts[0], parts[1], parts[2], numHeads, attnMask);        // [L·N, E]
        return attended.view(l, n, e).MoveToOuterDisposeScope();                        // -> [L, N, E]
    }

    /// <summary>
    /// q [L, N, E], k and v [S, N, E], already projected → heads attended and merged, [L·N, E] (before the output
    /// projection). <paramref name="attnMask"/> is [L, S] or [N·heads, L, S]: added to the scores when float, -inf where
    /// true when bool.
    /// </summary>
    public static torch.Tensor Attend(torch.Tensor q, torch.Tensor k, torch.Tensor v, long numHeads, torch.Tensor? attnMask = null)
    {
        using var scope = torch.NewDisposeScope();
        var (l, n, e) = (q.size(0), q.size(1), q.size(2));
        var s = k.size(0);
        var headDim = e / numHeads;
        var heads = n * numHeads;
        var qh = q.contiguous().view(l, heads, headDim).transpose(0, 1);   // [L,N,E] -> [N*H, L, hd]
        var kh = k.contiguous().view(s, heads, headDim).transpose(0, 1);   // [S,N,E] -> [N*H, S, hd]
        var vh = v.contiguous().view(s, heads, headDim).transpose(0, 1);   // [S,N,E] -> [N*H, S, hd]
        var mask = AdditiveMask(attnMask, qh.dtype);
        var qScaled = qh / Math.Sqrt(headDim);
        var kT = kh.transpose(-2, -1);
        var scores = mask is null ? torch.bmm(qScaled, kT) : BatchedProducts.BaddBmm(mask, qScaled, kT);
        var weights = torch.nn.functional.softmax(scores, -1);
        var attended = torch.bmm(weights, vh);                             // [N*H, L, hd]
        return attended.transpose(0, 1).contiguous().view(l * n, e).MoveToOuterDisposeScope(); // -> [L*N, E]
    }

    /// <summary>A mask as scores to add, [1, L, S] or [N·heads, L, S]: a float mask as it is, a bool one as -inf where true.</summary>
    private static torch.Tensor? AdditiveMask(torch.Tensor? mask, torch.ScalarType dtype)
    {
        if (mask is null) return null;
        var m = mask.dim() == 2 ? mask.unsqueeze(0) : mask;                // [L,S] -> [1,L,S]
        if (m.dtype != torch.ScalarType.Bool) return m;
        using var zeros = torch.zeros(m.shape, dtype, m.device);
        return zeros.masked_fill(m, double.NegativeInfinity);
    }

    private static (long L, long N, long E) SelfAttentionShape(torch.Tensor qkv, long numHeads, torch.Tensor? attnMask)
    {
        if (qkv.dim() != 3) throw new TorchException($"self-attention takes the packed projection as [L, N, 3E], not {ShapeString(qkv)}.");
        var (l, n, packed) = (qkv.size(0), qkv.size(1), qkv.size(2));
        if (packed % 3 != 0) throw new TorchException($"the packed projection's last size {packed} is not divisible by 3 (q, k and v).");
        if (numHeads <= 0) throw new TorchException($"num_heads {numHeads} must be positive.");
        var e = packed / 3;
        if (e % numHeads != 0) throw new TorchException($"embed_dim {e} is not divisible by num_heads {numHeads}.");
        if (attnMask is not null && (attnMask.dim() != 2 || attnMask.size(0) != l || attnMask.size(1) != l))
            throw new TorchException($"the mask must be [L, L] = [{l}, {l}], not {ShapeString(attnMask)}.");
        return (l, n, e);
    }

    private static string ShapeString(torch.Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
