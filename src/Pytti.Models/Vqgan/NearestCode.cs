using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// Nearest-codebook quantisation as taming's <c>VectorQuantizer2</c> (and PyTTI's <c>vector_quantize</c>)
/// compute it: squared distances as <c>‖z‖² + ‖e‖² − 2 z·e</c>, argmin, straight-through gradient.
/// The two differ only in how the straight-through value is formed (see <see cref="StraightThrough"/>).
/// </summary>
public static class NearestCode
{
    /// <summary>taming's commitment weight (VQModel hard-codes 0.25).</summary>
    public const double Beta = 0.25;

    /// <param name="z">Continuous latent [B,C,h,w].</param>
    /// <param name="codebook">Code vectors [N,C].</param>
    /// <param name="form">How the forward value carries the gradient to <paramref name="z"/>.</param>
    public static QuantizedLatent Quantize(Tensor z, Tensor codebook, StraightThrough form)
    {
        using var scope = NewDisposeScope();
        var channelsLast = z.permute(0, 2, 3, 1).contiguous();                  // [B,C,h,w] -> [B,h,w,C]
        var flat = channelsLast.view(-1, codebook.shape[1]);                    // [B,h,w,C] -> [Bhw,C]
        var indices = Distances(flat, codebook).argmin(1);                      // [Bhw]
        var codes = Rows(codebook, indices).view(channelsLast.shape);           // [Bhw,C] -> [B,h,w,C]
        var loss = CommitmentLoss(channelsLast, codes);
        var quantized = Pass(channelsLast, codes, form).permute(0, 3, 1, 2).contiguous(); // [B,h,w,C] -> [B,C,h,w]
        return new QuantizedLatent(quantized, indices, loss).MoveToOuterDisposeScope();
    }

    /// <summary>The rows of <paramref name="codebook"/> [N,C] at <paramref name="indices"/> [M]: [M,C].</summary>
    public static Tensor Rows(Tensor codebook, Tensor indices) => codebook.index_select(0, indices);

    /// <summary>The codes' values with the identity gradient to <paramref name="z"/>.</summary>
    private static Tensor Pass(Tensor z, Tensor codes, StraightThrough form) => form switch
    {
        StraightThrough.Taming => z + (codes - z).detach(),                     // may differ from the codes by rounding
        _ => codes.detach() + (z - z.detach()),                                 // codes + 0: exactly the codes
    };

    /// <summary>Squared distances [M,N] between rows of <paramref name="flat"/> [M,C] and of <paramref name="codebook"/> [N,C].</summary>
    public static Tensor Distances(Tensor flat, Tensor codebook)
    {
        using var scope = NewDisposeScope();
        var zz = flat.pow(2).sum(1, keepdim: true);                             // [M,1]
        var ee = codebook.pow(2).sum(1);                                        // [N]
        var ze = einsum("bd,dn->bn", flat, codebook.t());                       // [M,C] x [C,N] -> [M,N]
        return (zz + ee - ze * 2L).MoveToOuterDisposeScope();
    }

    /// <summary>taming's legacy loss: <c>mean((e − sg[z])²)·β + mean((sg[e] − z)²)</c>, written in its order.</summary>
    private static Tensor CommitmentLoss(Tensor z, Tensor codes)
    {
        using var scope = NewDisposeScope();
        var toEncoder = (codes.detach() - z).pow(2).mean();
        var toCodebook = (codes - z.detach()).pow(2).mean();
        return (toEncoder + toCodebook * Beta).MoveToOuterDisposeScope();
    }
}

/// <summary>How a straight-through quantisation forms its forward value.</summary>
public enum StraightThrough
{
    /// <summary>taming's <c>z + (e − z).detach()</c>, which can differ from <c>e</c> by float rounding.</summary>
    Taming,

    /// <summary>PyTTI's <c>replace_grad(e, z)</c>: exactly <c>e</c> forward, the identity gradient to <c>z</c>.</summary>
    ExactCodes,
}
