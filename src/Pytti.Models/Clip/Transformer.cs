using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Clip;

/// <summary>CLIP's MLP: <c>c_fc</c> → (Quick)GELU → <c>c_proj</c>.</summary>
public sealed class ClipMlp : Module
{
    private readonly ClipActivation _activation;

    public ClipMlp(long width, ClipActivation activation)
    {
        _activation = activation;
        c_fc = RegisterModule("c_fc", new Linear(width, width * 4));
        c_proj = RegisterModule("c_proj", new Linear(width * 4, width));
    }

    /// <summary>QuickGELU's slope: <c>x·σ(1.702·x)</c>.</summary>
    public const double QuickGeluScale = 1.702;

    public Linear c_fc { get; }
    public Linear c_proj { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var h = c_fc.Forward(x);
        // QuickGELU x·σ(1.702x) is swish with slope 1.702: one pass each way instead of sigmoid, two products and their gradients.
        var a = _activation == ClipActivation.QuickGelu ? Functional.Swish(h, QuickGeluScale) : Functional.Gelu(h);
        return c_proj.Forward(a).MoveToOuterScope();
    }
}

/// <summary><c>x + attn(ln_1(x))</c>, then <c>x + mlp(ln_2(x))</c>; sequence-first [L, N, D].</summary>
public sealed class ResidualAttentionBlock : Module
{
    private readonly Tensor? _mask;

    public ResidualAttentionBlock(long width, long heads, ClipActivation activation, Tensor? attnMask)
    {
        _mask = attnMask;
        ln_1 = RegisterModule("ln_1", new LayerNorm(width));
        attn = RegisterModule("attn", new MultiheadAttention(width, heads));
        ln_2 = RegisterModule("ln_2", new LayerNorm(width));
        mlp = RegisterModule("mlp", new ClipMlp(width, activation));
    }

    public LayerNorm ln_1 { get; }
    public MultiheadAttention attn { get; }
    public LayerNorm ln_2 { get; }
    public ClipMlp mlp { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var h = ln_1.Forward(x);
        var y = x + attn.Forward(h, h, h, _mask);
        return (y + mlp.Forward(ln_2.Forward(y))).MoveToOuterScope();
    }

    /// <summary>
    /// The block's output at sequence position 0 only, [1, N, D]: that token's query attends to every key and value,
    /// and only its row goes through the out-projection and the MLP. The same values as <c>Forward(x)[0..1]</c> (to fp32
    /// rounding), for a tower that reads nothing else (the ViT's class token).
    /// </summary>
    public Tensor ForwardFirstToken(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var h = ln_1.Forward(x);
        var y = x.Narrow(0, 0, 1) + attn.Forward(h.Narrow(0, 0, 1), h, h, _mask?.Narrow(_mask.Dim - 2, 0, 1));   // mask [L, S] or [N·heads, L, S]
        return (y + mlp.Forward(ln_2.Forward(y))).MoveToOuterScope();
    }
}

/// <summary>A stack of residual attention blocks (<c>resblocks.{k}</c>).</summary>
public sealed class ClipTransformer : Module
{
    public ClipTransformer(long width, int layers, long heads, ClipActivation activation, Tensor? attnMask = null)
    {
        resblocks = RegisterModule("resblocks", new ModuleList<ResidualAttentionBlock>(
            Enumerable.Range(0, layers).Select(_ => new ResidualAttentionBlock(width, heads, activation, attnMask))));
    }

    public ModuleList<ResidualAttentionBlock> resblocks { get; }

    public override Tensor Forward(Tensor x) => Forward(x, firstTokenOnly: false);

    /// <summary>
    /// Every block in turn; with <paramref name="firstTokenOnly"/> the last block computes sequence position 0 alone
    /// (<see cref="ResidualAttentionBlock.ForwardFirstToken"/>) and the result is [1, N, D]. For ViT-B/32 that skips
    /// 49 of the last layer's 50 rows in its MLP, out- and query projections: about 7% of the image tower's work.
    /// </summary>
    public Tensor Forward(Tensor x, bool firstTokenOnly)
    {
        var h = x.Share();
        for (var i = 0; i < resblocks.Count; i++)
        {
            var block = resblocks[i];
            var next = firstTokenOnly && i == resblocks.Count - 1 ? block.ForwardFirstToken(h) : block.Forward(h);
            h.Dispose();
            h = next;
        }
        return firstTokenOnly && resblocks.Count == 0 ? ShareFirst(h) : h;
    }

    private static Tensor ShareFirst(Tensor h)
    {
        using (h) return h.Narrow(0, 0, 1);
    }
}
