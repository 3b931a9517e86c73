using Pytti.Torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// <see cref="QuantizedLatent"/> as wrapper tensors, for the engine's calls.
/// Wrapper boundary: goes when the engine is on TorchSharp types.
/// </summary>
public sealed record VqganQuantization(Tensor Quantized, Tensor Indices, Tensor Loss) : IDisposable
{
    /// <summary>Takes ownership of <paramref name="latent"/>'s tensors.</summary>
    internal static VqganQuantization Wrap(QuantizedLatent latent) =>
        new(Tensor.Wrap(latent.Quantized), Tensor.Wrap(latent.Indices), Tensor.Wrap(latent.Loss));

    public void Dispose()
    {
        Quantized.Dispose();
        Indices.Dispose();
        Loss.Dispose();
    }
}
