using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Depth;

/// <summary>
/// One DINOv2 transformer block: <c>x + ls1(attn(norm1(x)))</c>, then <c>x + ls2(mlp(norm2(x)))</c>,
/// LayerNorm eps 1e-6, GELU MLP, LayerScale <c>gamma</c> when the checkpoint has it.
/// </summary>
internal sealed class VitBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;
    private readonly LayerScale? ls1;
    private readonly LayerScale? ls2;

    public VitBlock(DepthConfig config) : base(nameof(VitBlock))
    {
        var dim = config.EmbedDim;
        norm1 = nn.LayerNorm(dim, 1e-6);
        attn = new Attention(dim, config.Heads);
        norm2 = nn.LayerNorm(dim, 1e-6);
        mlp = new Mlp(dim, config.MlpHidden);
        if (config.LayerScale)
        {
            ls1 = new LayerScale(dim);
            ls2 = new LayerScale(dim);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var a = attn.forward(norm1.forward(x));
        x = x + (ls1?.forward(a) ?? a);
        var m = mlp.forward(norm2.forward(x));
        return (x + (ls2?.forward(m) ?? m)).MoveToOuterDisposeScope();
    }
}

/// <summary>fc1, exact GELU, fc2.</summary>
internal sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public Mlp(long dim, long hidden) : base(nameof(Mlp))
    {
        fc1 = nn.Linear(dim, hidden);
        fc2 = nn.Linear(hidden, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = fc1.forward(x);
        using var activated = nn.functional.gelu(hidden);
        return fc2.forward(activated);
    }
}

/// <summary>Per-channel scaling <c>x · gamma</c>. Key: <c>gamma</c> [dim].</summary>
internal sealed class LayerScale : nn.Module<Tensor, Tensor>
{
    private readonly Parameter gamma;

    public LayerScale(long dim) : base(nameof(LayerScale))
    {
        gamma = nn.Parameter(ones(dim));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x * gamma;
}
