using Pytti.Torch;

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
    public static VqganQuantization Quantize(Tensor z, Tensor codebook, StraightThrough form)
    {
        using var scope = LibTorch.NewDisposeScope();
        var channelsLast = z.Permute(0, 2, 3, 1).Contiguous();                  // [B,C,h,w] -> [B,h,w,C]
        var flat = channelsLast.View(-1, codebook.Shape[1]);                    // [B,h,w,C] -> [Bhw,C]
        var indices = Distances(flat, codebook).ArgMin(1);                      // [Bhw]
        var codes = Functional.Embedding(codebook, indices).View(channelsLast.Shape); // [Bhw,C] -> [B,h,w,C]
        var loss = CommitmentLoss(channelsLast, codes);
        var quantized = Pass(channelsLast, codes, form).Permute(0, 3, 1, 2).Contiguous(); // [B,h,w,C] -> [B,C,h,w]
        return new VqganQuantization(quantized.MoveToOuterScope(), indices.MoveToOuterScope(), loss.MoveToOuterScope());
    }

    /// <summary>The codes' values with the identity gradient to <paramref name="z"/>.</summary>
    private static Tensor Pass(Tensor z, Tensor codes, StraightThrough form) => form switch
    {
        StraightThrough.Taming => z + (codes - z).Detach(),                     // may differ from the codes by rounding
        _ => codes.Detach() + (z - z.Detach()),                                 // codes + 0: exactly the codes
    };

    /// <summary>Squared distances [M,N] between rows of <paramref name="flat"/> [M,C] and of <paramref name="codebook"/> [N,C].</summary>
    public static Tensor Distances(Tensor flat, Tensor codebook)
    {
        using var scope = LibTorch.NewDisposeScope();
        var zz = flat.Pow(2).Sum(1, keepDim: true);                             // [M,1]
        var ee = codebook.Pow(2).Sum(1);                                        // [N]
        var ze = Functional.Einsum("bd,dn->bn", flat, codebook.T());            // [M,C] x [C,N] -> [M,N]
        return (zz + ee - 2L * ze).MoveToOuterScope();
    }

    /// <summary>taming's legacy loss: <c>mean((e − sg[z])²)·β + mean((sg[e] − z)²)</c>, written in its order.</summary>
    private static Tensor CommitmentLoss(Tensor z, Tensor codes)
    {
        using var scope = LibTorch.NewDisposeScope();
        var toEncoder = (codes.Detach() - z).Pow(2).Mean();
        var toCodebook = (codes - z.Detach()).Pow(2).Mean();
        return (toEncoder + Beta * toCodebook).MoveToOuterScope();
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
