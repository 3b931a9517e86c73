using TorchSharp;

namespace Pytti.Torch.Ops;

/// <summary>Batched matrix products where TorchSharp's binding needs care.</summary>
public static class BatchedProducts
{
    /// <summary><c>beta · input + alpha · (a @ b)</c>, batched, as <c>torch.baddbmm(input, a, b)</c>.</summary>
    public static torch.Tensor BaddBmm(torch.Tensor input, torch.Tensor a, torch.Tensor b, double beta = 1, double alpha = 1) =>
        // TorchSharp 0.107's baddbmm passes its tensors on rotated: (a, b, input) reaches ATen as baddbmm(input, a, b).
        torch.baddbmm(a, b, input, (float)beta, (float)alpha);
}
