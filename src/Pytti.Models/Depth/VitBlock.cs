using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Depth;

/// <summary>
/// One DINOv2 transformer block: <c>x + ls1(attn(norm1(x)))</c>, then <c>x + ls2(mlp(norm2(x)))</c>,
/// LayerNorm eps 1e-6, GELU MLP, LayerScale <c>gamma</c> when the checkpoint has it.
/// </summary>
internal sealed class VitBlock : Module
{
    public VitBlock(DepthConfig config)
    {
        var dim = config.EmbedDim;
        norm1 = RegisterModule("norm1", new LayerNorm([dim], 1e-6));
        attn = RegisterModule("attn", new Attention(dim, config.Heads));
        norm2 = RegisterModule("norm2", new LayerNorm([dim], 1e-6));
        mlp = RegisterModule("mlp", new Mlp(dim, config.MlpHidden));
        if (config.LayerScale)
        {
            ls1 = RegisterModule("ls1", new LayerScale(dim));
            ls2 = RegisterModule("ls2", new LayerScale(dim));
        }
    }

    public LayerNorm norm1 { get; }
    public Attention attn { get; }
    public LayerNorm norm2 { get; }
    public Mlp mlp { get; }
    public LayerScale? ls1 { get; }
    public LayerScale? ls2 { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var a = attn.Forward(norm1.Forward(x));
        x = x + (ls1?.Forward(a) ?? a);
        var m = mlp.Forward(norm2.Forward(x));
        return (x + (ls2?.Forward(m) ?? m)).MoveToOuterScope();
    }
}

/// <summary>fc1, exact GELU, fc2.</summary>
internal sealed class Mlp : Module
{
    public Mlp(long dim, long hidden)
    {
        fc1 = RegisterModule("fc1", new Linear(dim, hidden));
        fc2 = RegisterModule("fc2", new Linear(hidden, dim));
    }

    public Linear fc1 { get; }
    public Linear fc2 { get; }

    public override Tensor Forward(Tensor x)
    {
        using var hidden = fc1.Forward(x);
        using var activated = Functional.Gelu(hidden);
        return fc2.Forward(activated);
    }
}

/// <summary>Per-channel scaling <c>x · gamma</c>. Key: <c>gamma</c> [dim].</summary>
internal sealed class LayerScale : Module
{
    public LayerScale(long dim) => RegisterParameter("gamma", Tensor.Ones([dim]));

    public Tensor gamma => Parameter("gamma");

    public override Tensor Forward(Tensor x) => x * gamma;
}
