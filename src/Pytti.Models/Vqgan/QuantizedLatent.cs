using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// A quantised latent. <see cref="Quantized"/> [B,C,h,w] carries its gradient straight through to the
/// continuous latent; <see cref="Indices"/> [B·h·w] (int64, (b,h,w) row-major) are the chosen codes;
/// <see cref="Loss"/> is the quantizer's scalar loss (VQ: taming's legacy commitment loss; Gumbel: KL to the uniform prior).
/// Owns the three tensors.
/// </summary>
public sealed record QuantizedLatent(Tensor Quantized, Tensor Indices, Tensor Loss) : IDisposable
{
    /// <summary>Moves the three tensors out of the current dispose scope (see <c>MoveToOuterDisposeScope</c>).</summary>
    public QuantizedLatent MoveToOuterDisposeScope()
    {
        Quantized.MoveToOuterDisposeScope();
        Indices.MoveToOuterDisposeScope();
        Loss.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Quantized.Dispose();
        Indices.Dispose();
        Loss.Dispose();
    }
}
