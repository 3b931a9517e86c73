using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>The model's own quantizer (<c>quantize</c>): a codebook and taming's forward pass in evaluation mode.</summary>
public abstract class VqganQuantizer : Module
{
    /// <summary>Code vectors [n_embed, embed_dim] (the module's own tensor, not a copy).</summary>
    public abstract Tensor Codebook { get; }

    /// <summary>taming's <c>quantize(z)</c> in evaluation mode for a latent [B,C,h,w]; <paramref name="generator"/> drives any sampling.</summary>
    public abstract VqganQuantization Quantize(Tensor z, Generator? generator = null);

    /// <summary>
    /// taming's <c>get_codebook_entry</c>: codes [B·h·w] → latent [B,C,h,w] for <paramref name="shape"/> = (B, h, w, C).
    /// (GumbelQuantize writes it as a one-hot product; a row lookup gives the same values.)
    /// </summary>
    public Tensor GetCodebookEntry(Tensor indices, long[] shape)
    {
        using var scope = LibTorch.NewDisposeScope();
        var codes = Functional.Embedding(Codebook, indices).View(shape);       // [Bhw,C] -> [B,h,w,C]
        return codes.Permute(0, 3, 1, 2).Contiguous().MoveToOuterScope();      // [B,h,w,C] -> [B,C,h,w]
    }
}
