using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>
/// taming's <c>GumbelQuantize</c> in evaluation mode (hard samples, temperature 1): logits from
/// <c>proj</c> [n_embed, z_ch, 1, 1], a hard Gumbel-softmax sample over codes, codes from
/// <c>embed.weight</c> [n_embed, e_dim]. Encoding through it is stochastic, as in PyTTI.
/// </summary>
public sealed class GumbelQuantizer : VqganQuantizer
{
    private readonly double _klWeight;

    public GumbelQuantizer(int hiddenChannels, int dim, int codes, double klWeight)
    {
        _klWeight = klWeight;
        proj = RegisterModule("proj", new Conv2d(hiddenChannels, codes, 1));
        embed = RegisterModule("embed", new Embedding(codes, dim));
    }

    public Conv2d proj { get; }
    public Embedding embed { get; }

    /// <summary>taming's temperature at evaluation (<c>temp_init</c>).</summary>
    public double Temperature { get; init; } = 1.0;

    public override Tensor Codebook => embed.weight;

    public override VqganQuantization Quantize(Tensor z, Generator? generator = null)
    {
        using var scope = LibTorch.NewDisposeScope();
        var logits = proj.Forward(z);                                           // [B,N,h,w]
        var oneHot = GumbelSoftmax.Hard(logits, Temperature, dim: 1, generator); // [B,N,h,w]
        var quantized = Functional.Einsum("bnhw,nd->bdhw", oneHot, Codebook);   // [B,N,h,w] x [N,C] -> [B,C,h,w]
        var indices = oneHot.ArgMax(1).Flatten();                               // [B,h,w] -> [Bhw]
        return new VqganQuantization(quantized.MoveToOuterScope(), indices.MoveToOuterScope(), KlLoss(logits).MoveToOuterScope());
    }

    /// <summary><c>kl_weight · mean over positions of Σ_n q·log(q·N + 1e-10)</c>, q = softmax over codes.</summary>
    private Tensor KlLoss(Tensor logits)
    {
        using var scope = LibTorch.NewDisposeScope();
        var q = Functional.Softmax(logits, 1);
        var perPosition = (q * (q * logits.Shape[1] + 1e-10).Log()).Sum(1);     // [B,N,h,w] -> [B,h,w]
        return (_klWeight * perPosition.Mean()).MoveToOuterScope();
    }
}
