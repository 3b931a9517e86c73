using TorchSharp;
using WrappedTensor = Pytti.Torch.Tensor;

namespace Pytti.Engine.Animation;

/// <summary>
/// Hands tensors between Pytti tensors (the image models, the renderer's assets and losses, not yet moved) and the
/// animation and losses on TorchSharp tensors. A TorchSharp tensor given out here belongs to the current TorchSharp
/// scope, or to the caller when there is none.
/// </summary>
// Wrapper boundary: the whole class goes when the image models, RenderAssets and LossSetup use TorchSharp tensors.
internal static class TensorBoundary
{
    /// <summary>The TorchSharp tensor of a Pytti tensor the caller owned; the Pytti tensor is disposed.</summary>
    public static torch.Tensor Take(WrappedTensor tensor)
    {
        using (tensor) return tensor.Torch.alias();
    }

    /// <summary><see cref="Take"/>, passing null through.</summary>
    public static torch.Tensor? TakeOrNull(WrappedTensor? tensor) => tensor is null ? null : Take(tensor);

    /// <summary>A second owner of <paramref name="tensor"/> as a Pytti tensor; the caller disposes it.</summary>
    public static WrappedTensor Borrow(torch.Tensor tensor) => WrappedTensor.Wrap(tensor.alias());
}
