using Pytti.Torch.Native;

namespace Pytti.Torch;

// In-place updates (optimisers, parameter loading). Each returns this tensor.
public sealed partial class Tensor
{
    public Tensor Add_(Tensor other, Scalar? alpha = null) => InPlace(Ops.AddInPlace, this, other, alpha ?? 1L);
    public Tensor Add_(Scalar other) => InPlace(Ops.AddScalarInPlace, this, other);
    public Tensor Sub_(Tensor other) => InPlace(Ops.SubInPlace, this, other);
    public Tensor Mul_(Tensor other) => InPlace(Ops.MulInPlace, this, other);
    public Tensor Mul_(Scalar other) => InPlace(Ops.MulScalarInPlace, this, other);
    public Tensor Div_(Tensor other) => InPlace(Ops.DivInPlace, this, other);
    public Tensor Div_(Scalar other) => InPlace(Ops.DivScalarInPlace, this, other);
    /// <summary><c>this += value * t1 * t2</c>.</summary>
    public Tensor AddCMul_(Tensor t1, Tensor t2, Scalar value) => InPlace(Ops.AddCMulInPlace, this, t1, t2, value);
    /// <summary><c>this += value * t1 / t2</c>.</summary>
    public Tensor AddCDiv_(Tensor t1, Tensor t2, Scalar value) => InPlace(Ops.AddCDivInPlace, this, t1, t2, value);
    public Tensor Lerp_(Tensor end, Scalar weight) => InPlace(Ops.LerpInPlace, this, end, weight);
    public Tensor Clamp_(Scalar min, Scalar max) => InPlace(Ops.ClampInPlace, this, min, max);
    public Tensor Zero_() => InPlace(Ops.ZeroInPlace, this);
    public Tensor Fill_(Scalar value) => InPlace(Ops.FillInPlace, this, value);
    /// <summary>Copies <paramref name="source"/>'s values into this tensor (broadcasting, converting dtype and device).</summary>
    public Tensor CopyFrom_(Tensor source) => InPlace(Ops.CopyInPlace, this, source);
    public Tensor Sqrt_() => InPlace(Ops.SqrtInPlace, this);

    private Tensor InPlace(Op op, params ReadOnlySpan<Arg> args)
    {
        op.CallInPlace(args);
        return this;
    }
}
