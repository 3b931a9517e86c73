using Pytti.Torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// A quantised latent. <see cref="Quantized"/> [B,C,h,w] carries its gradient straight through to the
/// continuous latent; <see cref="Indices"/> [B·h·w] (int64, (b,h,w) row-major) are the chosen codes;
/// <see cref="Loss"/> is the quantizer's scalar loss (VQ: taming's legacy commitment loss; Gumbel: KL to the uniform prior).
/// </summary>
public sealed record VqganQuantization(Tensor Quantized, Tensor Indices, Tensor Loss) : IDisposable
{
    public void Dispose()
    {
        Quantized.Dispose();
        Indices.Dispose();
        Loss.Dispose();
    }
}
