using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>The model's own quantizer (<c>quantize</c>): a codebook and taming's forward pass in evaluation mode.</summary>
public abstract class VqganQuantizer(string name) : nn.Module(name)
{
    /// <summary>Code vectors [n_embed, embed_dim] (the module's own parameter, not a copy: do not dispose it).</summary>
    public abstract Tensor Codebook { get; }

    /// <summary>taming's <c>quantize(z)</c> in evaluation mode for a latent [B,C,h,w]; <paramref name="generator"/> drives any sampling.</summary>
    public abstract QuantizedLatent Quantize(Tensor z, Generator? generator = null);

    /// <summary>
    /// taming's <c>get_codebook_entry</c>: codes [B·h·w] → latent [B,C,h,w] for <paramref name="shape"/> = (B, h, w, C).
    /// (GumbelQuantize writes it as a one-hot product; a row lookup gives the same values.)
    /// </summary>
    public Tensor GetCodebookEntry(Tensor indices, long[] shape)
    {
        using var scope = NewDisposeScope();
        var codes = NearestCode.Rows(Codebook, indices).view(shape);          // [Bhw,C] -> [B,h,w,C]
        return codes.permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope(); // [B,h,w,C] -> [B,C,h,w]
    }
}
