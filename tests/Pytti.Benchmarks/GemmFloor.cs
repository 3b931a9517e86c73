using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Benchmarks;

/// <summary>
/// The CLIP step's GEMM floor: the matrix products the step cannot avoid, counted from the model's shapes, divided by
/// the rate this machine's libtorch reaches on one of them ([2000, 768] · [768, 3072], the MLP's up-projection over 40
/// cutouts of 50 tokens). A step near the floor spends its time in GEMMs; the rest is what other operators cost.
/// </summary>
public static class GemmFloor
{
    /// <summary>GFLOP of one step: ViT-B/32 forward on the cutouts, and the input gradient back through frozen weights.</summary>
    public static double StepGflop(int cutouts = ClipStep.Cutouts)
    {
        const double width = 768, tokens = 50, patches = 49, patchPixels = 3 * 32 * 32, layers = 12, heads = 12, headDim = 64;
        var rows = cutouts * tokens;
        var projections = 2 * rows * width * (3 * width + width + 4 * width + 4 * width);   // in, out, c_fc, c_proj
        var attention = 2 * 2 * cutouts * heads * tokens * tokens * headDim;              // q·kᵀ and weights·v
        var patchEmbedding = 2 * cutouts * patches * patchPixels * width;
        var forward = layers * (projections + attention) + patchEmbedding;
        // Backward to the image: one product per projection (dX = dY·W, weights frozen), two per attention product.
        var backward = layers * (projections + 2 * attention) + patchEmbedding;
        return (forward + backward) / 1e9;
    }

    /// <summary>Measured GFLOP/s of a linear layer at the MLP's shape (median of 10 after a warm-up).</summary>
    public static double MeasuredGflops(int cutouts = ClipStep.Cutouts)
    {
        torch.set_num_threads(Workloads.Threads);
        using var g = new torch.Generator(3);
        using var x = torch.randn([cutouts * 50, 768], generator: g);
        using var w = torch.randn([3072, 768], generator: g);
        var seconds = Timing.Median(10, () => { using var y = F.linear(x, w); });
        return 2.0 * cutouts * 50 * 768 * 3072 / seconds / 1e9;
    }
}
