using TorchSharp;

namespace Pytti.Engine.Cutouts;

/// <summary>
/// Cutouts of one image: pixels [n, 3, s, s] in [0, 1] (augmented, before CLIP normalisation) and
/// where they came from, as fractions of the image size: offsets [n, 2] (x, y) and sizes [n, 2].
/// </summary>
public sealed record CutoutBatch(torch.Tensor Pixels, double[,] Offsets, double[,] Sizes) : IDisposable
{
    public int Count => Offsets.GetLength(0);

    /// <summary>Centre of cutout k, as fractions of the image size.</summary>
    public (double X, double Y) Centre(int k) => (Offsets[k, 0] + Sizes[k, 0] / 2, Offsets[k, 1] + Sizes[k, 1] / 2);

    public void Dispose() => Pixels.Dispose();
}
