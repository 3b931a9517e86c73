using TS = TorchSharp;

namespace Pytti.Torch;

/// <summary>PyTTI's two gradient tricks.</summary>
public static class GradientOps
{
    /// <summary>
    /// Clamps to [min, max]. The gradient passes unchanged except where the value is out of range and
    /// a descent step would push it further out (PyTTI's <c>clamp_with_grad</c>): values that drifted
    /// outside can still be pulled back in.
    /// </summary>
    public static Tensor ClampWithGrad(Tensor input, double min, double max) => ClampWithGradFunction.apply(input.Torch, min, max).Own();

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

    /// <summary>A TorchSharp autograd function: forward clamps, backward lets g through where g·(x − clamp(x)) ≥ 0.</summary>
    private sealed class ClampWithGradFunction : TS.torch.autograd.SingleTensorFunction<ClampWithGradFunction>
    {
        public override string Name => "ClampWithGrad";

        public override TS.torch.Tensor forward(TS.torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (TS.torch.Tensor)vars[0];
            var (min, max) = ((double)vars[1], (double)vars[2]);
            ctx.save_for_backward([input]);
            ctx.save_data("min", min);
            ctx.save_data("max", max);
            return input.clamp(min, max);
        }

        public override List<TS.torch.Tensor> backward(TS.torch.autograd.AutogradContext ctx, TS.torch.Tensor gradOutput)
        {
            var input = ctx.get_saved_variables()[0];
            var (min, max) = ((double)ctx.get_data("min"), (double)ctx.get_data("max"));
            using var clamped = input.clamp(min, max);
            using var overshoot = input - clamped;
            using var push = gradOutput * overshoot;
            using var pass = push.ge(0);
            return [gradOutput * pass, null!, null!];   // one per forward argument: min and max have none
        }
    }
}
