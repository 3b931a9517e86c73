namespace Pytti.Models.Flow;

public sealed partial class FlowModel
{
    /// <summary>
    /// <c>Estimate</c> on TorchSharp tensors, for callers on <see cref="Pytti.Torch.Tensor"/>: the images are borrowed,
    /// the result owns its tensors.
    /// </summary>
    // Wrapper boundary: goes when the engine is on TorchSharp types.
    public FlowEstimate Estimate(Pytti.Torch.Tensor image1, Pytti.Torch.Tensor image2, int iterations = 12, bool keepIterations = false,
        Pytti.Torch.Tensor? initialFlow = null, bool differentiable = false) =>
        new(Estimate(image1.Torch, image2.Torch, iterations, keepIterations, initialFlow?.Torch, differentiable));
}
