using TorchSharp;

namespace Pytti.Models.Clip;

/// <summary>
/// PyTTI's spherical distance between embeddings: <c>2·asin(‖x̂ − ŷ‖ / 2)²</c> with L2-normalised
/// x̂, ŷ (eps 1e-12) along the last axis, broadcasting the leading ones. Range [0, π²/2].
/// </summary>
public static class SphericalDistance
{
    public static torch.Tensor Compute(torch.Tensor x, torch.Tensor y)
    {
        using var scope = torch.NewDisposeScope();
        var a = UnitVectors.Normalize(x);
        var b = UnitVectors.Normalize(y);
        var chord = torch.linalg.vector_norm(a - b, 2, [-1], false);
        var angle = (chord / 2).asin();
        return (angle.square() * 2).MoveToOuterDisposeScope();
    }
}
