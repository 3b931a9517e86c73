using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Clip;

/// <summary>CLIP's MLP: <c>c_fc</c> → (Quick)GELU → <c>c_proj</c>.</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    private readonly ClipActivation _activation;
    private readonly Linear c_fc;
    private readonly Linear c_proj;

    public ClipMlp(long width, ClipActivation activation) : base(nameof(ClipMlp))
    {
        _activation = activation;
        c_fc = nn.Linear(width, width * 4);
        c_proj = nn.Linear(width * 4, width);
        register_module(nameof(c_fc), c_fc);
        register_module(nameof(c_proj), c_proj);
    }

    /// <summary>QuickGELU's slope: <c>x·σ(1.702·x)</c>.</summary>
    public const double QuickGeluScale = 1.702;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = c_fc.call(x);
        // QuickGELU x·σ(1.702x) is swish with slope 1.702: one pass each way instead of sigmoid, two products and their gradients.
        var a = _activation == ClipActivation.QuickGelu
            ? Pytti.Torch.Ops.Swish.Apply(h, QuickGeluScale)
            : nn.functional.gelu(h, GELU.Approximate.none);
        return c_proj.call(a).MoveToOuterDisposeScope();
    }
}

/// <summary><c>x + attn(ln_1(x))</c>, then <c>x + mlp(ln_2(x))</c>; sequence-first [L, N, D].</summary>
public sealed class ResidualAttentionBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly ClipAttention attn;
    private readonly LayerNorm ln_2;
    private readonly ClipMlp mlp;

    public ResidualAttentionBlock(long width, long heads, ClipActivation activation) : base(nameof(ResidualAttentionBlock))
    {
        ln_1 = nn.LayerNorm(width);
        attn = new ClipAttention(width, heads);
        ln_2 = nn.LayerNorm(width);
        mlp = new ClipMlp(width, activation);
        register_module(nameof(ln_1), ln_1);
        register_module(nameof(attn), attn);
        register_module(nameof(ln_2), ln_2);
        register_module(nameof(mlp), mlp);
    }

    public override Tensor forward(Tensor x) => Forward(x, null);

    /// <summary>The block with an additive [L, L] attention mask (or none).</summary>
    public Tensor Forward(Tensor x, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var y = x + attn.SelfAttend(ln_1.call(x), mask);
        return (y + mlp.call(ln_2.call(y))).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The block's output at sequence position 0 only, [1, N, D]: that token's query attends to every key and value,
    /// and only its row goes through the out-projection and the MLP. The same values as <c>forward(x)[0..1]</c> (to fp32
    /// rounding), for a tower that reads nothing else (the ViT's class token).
    /// </summary>
    public Tensor ForwardFirstToken(Tensor x, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        var h = ln_1.call(x);
        var y = x.narrow(0, 0, 1) + attn.Attend(h.narrow(0, 0, 1), h, mask?.narrow(0, 0, 1));   // mask [L, S] -> [1, S]
        return (y + mlp.call(ln_2.call(y))).MoveToOuterDisposeScope();
    }
}

/// <summary>A stack of residual attention blocks (<c>resblocks.{k}</c>); the text tower's is causal.</summary>
public sealed class ClipTransformer : nn.Module<Tensor, Tensor>
{
    private readonly bool _causal;
    private readonly ModuleList<ResidualAttentionBlock> resblocks;

    public ClipTransformer(long width, int layers, long heads, ClipActivation activation, bool causal = false) : base(nameof(ClipTransformer))
    {
        _causal = causal;
        resblocks = new ModuleList<ResidualAttentionBlock>(
            [.. Enumerable.Range(0, layers).Select(_ => new ResidualAttentionBlock(width, heads, activation))]);
        register_module(nameof(resblocks), resblocks);
    }

    public override Tensor forward(Tensor x) => Forward(x, firstTokenOnly: false);

    /// <summary>
    /// Every block in turn; with <paramref name="firstTokenOnly"/> the last block computes sequence position 0 alone
    /// (<see cref="ResidualAttentionBlock.ForwardFirstToken"/>) and the result is [1, N, D]. For ViT-B/32 that skips
    /// 49 of the last layer's 50 rows in its MLP, out- and query projections: about 7% of the image tower's work.
    /// </summary>
    public Tensor Forward(Tensor x, bool firstTokenOnly)
    {
        using var mask = _causal ? CausalMask(x.size(0), x.dtype, x.device) : null;
        var h = x.alias();
        for (var i = 0; i < resblocks.Count; i++)
        {
            var block = resblocks[i];
            var next = firstTokenOnly && i == resblocks.Count - 1 ? block.ForwardFirstToken(h, mask) : block.Forward(h, mask);
            h.Dispose();   // each block's input goes as soon as the next exists (autograd keeps what it needs)
            h = next;
        }
        if (!firstTokenOnly || resblocks.Count > 0) return h;
        using (h) return h.narrow(0, 0, 1);
    }

    /// <summary>Additive causal mask [L, L]: 0 on and below the diagonal, -inf above (a position sees itself and earlier ones).</summary>
    public static Tensor CausalMask(long l, ScalarType dtype, Device device)
    {
        using var full = torch.full(l, l, float.NegativeInfinity, dtype, device);
        return full.triu(1);
    }
}
