using Pytti.Torch.Native;

namespace Pytti.Torch;

/// <summary>PyTTI's two gradient tricks.</summary>
public static class GradientOps
{
    /// <summary>
    /// Clamps to [min, max]. The gradient passes unchanged except where the value is out of range and
    /// a descent step would push it further out (PyTTI's <c>clamp_with_grad</c>): values that drifted
    /// outside can still be pulled back in.
    /// </summary>
    public static Tensor ClampWithGrad(Tensor input, double min, double max)
    {
        Checked.Check(NativeMethods.pt_clamp_with_grad(input.Ptr, min, max, out var result));
        return new Tensor(result);
    }

    /// <summary>
    /// The value of <paramref name="forward"/> with the gradient of <paramref name="backward"/> (PyTTI's
    /// <c>replace_grad</c>). Computed as forward.detach() + (backward − backward.detach()), so the value is
    /// exactly <paramref name="forward"/>'s (backward + (forward − backward) can be an ulp off).
    /// <paramref name="backward"/> must be finite.
    /// </summary>
    public static Tensor ReplaceGrad(Tensor forward, Tensor backward)
    {
        using var scope = LibTorch.NewDisposeScope();
        var zeroWithGradient = backward - backward.Detach();
        return (forward.Detach() + zeroWithGradient).MoveToOuterScope();
    }
}
