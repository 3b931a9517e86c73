namespace Pytti.Torch;

/// <summary>PyTTI's two gradient tricks on wrapped tensors: <see cref="Ops.GradientTricks"/> does the work.</summary>
public static class GradientOps
{
    /// <inheritdoc cref="Ops.GradientTricks.ClampWithGrad"/>
    public static Tensor ClampWithGrad(Tensor input, double min, double max) => Ops.GradientTricks.ClampWithGrad(input.Torch, min, max).Own();

    /// <inheritdoc cref="Ops.GradientTricks.ReplaceGrad"/>
    public static Tensor ReplaceGrad(Tensor forward, Tensor backward) => Ops.GradientTricks.ReplaceGrad(forward.Torch, backward.Torch).Own();
}
