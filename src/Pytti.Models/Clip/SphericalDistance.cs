using Pytti.Torch;

namespace Pytti.Models.Clip;

/// <summary>
/// PyTTI's spherical distance between embeddings: <c>2·asin(‖x̂ − ŷ‖ / 2)²</c> with L2-normalised
/// x̂, ŷ (eps 1e-12) along the last axis, broadcasting the leading ones. Range [0, π²/2].
/// </summary>
public static class SphericalDistance
{
    public static Tensor Compute(Tensor x, Tensor y)
    {
        using var scope = LibTorch.NewDisposeScope();
        var a = Functional.Normalize(x, dim: -1);
        var b = Functional.Normalize(y, dim: -1);
        var chord = (a - b).Norm(2, [-1]);
        var angle = (chord / 2).Asin();
        return (angle.Square() * 2).MoveToOuterScope();
    }
}
