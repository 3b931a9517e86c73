using Pytti.Torch;

namespace Pytti.Models.Flow;

/// <summary>
/// <see cref="RaftFlow"/> as <see cref="Tensor"/> wrappers, for the engine and CLI until they use TorchSharp's types:
/// the flow from image 1 to image 2 in pixels, channels (dx, dy) with x right and y down. Owns its tensors.
/// </summary>
// Wrapper boundary: goes when the engine is on TorchSharp types.
public sealed class FlowEstimate : IDisposable
{
    /// <summary>Takes over <paramref name="flow"/>'s tensors.</summary>
    internal FlowEstimate(RaftFlow flow)
    {
        Flow = Own(flow.Flow);
        LowResolution = Own(flow.LowResolution);
        Iterations = flow.Iterations.Select(Own).ToArray();
    }

    /// <summary>Full-resolution flow [N, 2, H, W] after the last iteration (upstream <c>flow_up</c>).</summary>
    public Tensor Flow { get; }

    /// <summary>Flow at 1/8 resolution [N, 2, H'/8, W'/8] of the (padded) input, in 1/8-resolution pixels (upstream <c>coords1 - coords0</c>).</summary>
    public Tensor LowResolution { get; }

    /// <summary>The full-resolution flow after each iteration (upstream's <c>flow_predictions</c>) when asked for; else empty.</summary>
    public IReadOnlyList<Tensor> Iterations { get; }

    private static Tensor Own(TorchSharp.torch.Tensor tensor) => Tensor.Wrap(tensor).DetachFromScopes();

    public void Dispose()
    {
        Flow.Dispose();
        LowResolution.Dispose();
        foreach (var t in Iterations) t.Dispose();
    }
}
