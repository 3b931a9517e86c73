using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// taming's <c>GumbelQuantize</c> in evaluation mode (hard samples, temperature 1): logits from
/// <c>proj</c> [n_embed, z_ch, 1, 1], a hard Gumbel-softmax sample over codes, codes from
/// <c>embed.weight</c> [n_embed, e_dim]. Encoding through it is stochastic, as in PyTTI.
/// </summary>
public sealed class GumbelQuantizer : VqganQuantizer
{
    private readonly double _klWeight;
    private readonly Conv2d proj;
    private readonly Embedding embed;

    public GumbelQuantizer(long hiddenChannels, long dim, long codes, double klWeight) : base(nameof(GumbelQuantizer))
    {
        _klWeight = klWeight;
        proj = nn.Conv2d(hiddenChannels, codes, 1);
        embed = nn.Embedding(codes, dim);
        RegisterComponents();
    }

    /// <summary>taming's temperature at evaluation (<c>temp_init</c>).</summary>
    public double Temperature { get; init; } = 1.0;

    public override Tensor Codebook => embed.weight!;

    public override QuantizedLatent Quantize(Tensor z, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var logits = proj.forward(z);                                           // [B,N,h,w]
        var oneHot = GumbelSoftmax.Hard(logits, Temperature, dim: 1, generator); // [B,N,h,w]
        var quantized = einsum("bnhw,nd->bdhw", oneHot, Codebook);              // [B,N,h,w] x [N,C] -> [B,C,h,w]
        var indices = oneHot.argmax(1).flatten();                               // [B,h,w] -> [Bhw]
        return new QuantizedLatent(quantized, indices, KlLoss(logits)).MoveToOuterDisposeScope();
    }

    /// <summary><c>kl_weight · mean over positions of Σ_n q·log(q·N + 1e-10)</c>, q = softmax over codes.</summary>
    private Tensor KlLoss(Tensor logits)
    {
        using var scope = NewDisposeScope();
        var q = nn.functional.softmax(logits, 1);
        var perPosition = (q * (q * logits.shape[1] + 1e-10).log()).sum(1);    // [B,N,h,w] -> [B,h,w]
        return (_klWeight * perPosition.mean()).MoveToOuterDisposeScope();
    }
}
