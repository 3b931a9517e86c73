using static TorchSharp.torch;

namespace Pytti.Models.Flow;

/// <summary>
/// What <see cref="FlowModel"/>'s <c>Estimate</c> returns: the flow from image 1 to image 2 in pixels, channels (dx, dy) with x right and y down: <c>image1[y, x] ≈ image2[y + dy, x + dx]</c>.
/// Owns its tensors, which are outside any dispose scope.
/// </summary>
public sealed class RaftFlow(Tensor flow, Tensor lowResolution, IReadOnlyList<Tensor> iterations) : IDisposable
{
    /// <summary>Full-resolution flow [N, 2, H, W] after the last iteration (upstream <c>flow_up</c>).</summary>
    public Tensor Flow { get; } = flow;

    /// <summary>Flow at 1/8 resolution [N, 2, H'/8, W'/8] of the (padded) input, in 1/8-resolution pixels (upstream <c>coords1 - coords0</c>).</summary>
    public Tensor LowResolution { get; } = lowResolution;

    /// <summary>The full-resolution flow after each iteration (upstream's <c>flow_predictions</c>) when asked for; else empty.</summary>
    public IReadOnlyList<Tensor> Iterations { get; } = iterations;

    public void Dispose()
    {
        Flow.Dispose();
        LowResolution.Dispose();
        foreach (var t in Iterations) t.Dispose();
    }
}
