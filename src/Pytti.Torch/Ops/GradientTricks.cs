using TorchSharp;

namespace Pytti.Torch.Ops;

/// <summary>PyTTI's two gradient tricks on TorchSharp tensors.</summary>
public static class GradientTricks
{
    /// <summary>
    /// Clamps to [min, max]. The gradient passes unchanged except where the value is out of range and
    /// a descent step would push it further out (PyTTI's <c>clamp_with_grad</c>): values that drifted
    /// outside can still be pulled back in.
    /// </summary>
    public static torch.Tensor ClampWithGrad(this torch.Tensor input, double min, double max) =>
        ClampWithGradFunction.apply(input, min, max);

    /// <summary>
    /// The value of <paramref name="forward"/> with the gradient of <paramref name="backward"/> (PyTTI's
    /// <c>replace_grad</c>). Computed as forward.detach() + (backward − backward.detach()), so the value is
    /// exactly <paramref name="forward"/>'s (backward + (forward − backward) can be an ulp off).
    /// <paramref name="backward"/> must be finite.
    /// </summary>
    public static torch.Tensor ReplaceGrad(this torch.Tensor forward, torch.Tensor backward)
    {
        using var constant = backward.detach();
        using var zeroWithGradient = backward - constant;
        using var value = forward.detach();
        return value + zeroWithGradient;
    }

    /// <summary>A TorchSharp autograd function: forward clamps, backward lets g through where g·(x − clamp(x)) ≥ 0.</summary>
    private sealed class ClampWithGradFunction : torch.autograd.SingleTensorFunction<ClampWithGradFunction>
    {
        public override string Name => "ClampWithGrad";

        public override torch.Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (torch.Tensor)vars[0];
            var (min, max) = ((double)vars[1], (double)vars[2]);
            ctx.save_for_backward([input]);
            ctx.save_data("min", min);
            ctx.save_data("max", max);
            return input.clamp(min, max);
        }

        public override List<torch.Tensor> backward(torch.autograd.AutogradContext ctx, torch.Tensor gradOutput)
        {
            var saved = ctx.get_saved_variables();
            using var input = saved[0];
            var (min, max) = ((double)ctx.get_data("min"), (double)ctx.get_data("max"));
            using var clamped = input.clamp(min, max);
            using var overshoot = input - clamped;
            using var push = gradOutput * overshoot;
            using var pass = push.ge(0);
            return [gradOutput * pass, null!, null!];   // one per forward argument: min and max have none
        }
    }
}
