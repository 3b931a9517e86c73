using Pytti.Torch.Native;

namespace Pytti.Torch;

// Element-wise arithmetic, operators, comparisons, reductions.
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Ops.AddTensor.Call(a, b);
    public static Tensor operator +(Tensor a, Scalar b) => Ops.AddScalar.Call(a, b);
    public static Tensor operator +(Scalar a, Tensor b) => Ops.AddScalar.Call(b, a);
    public static Tensor operator -(Tensor a, Tensor b) => Ops.SubTensor.Call(a, b);
    public static Tensor operator -(Tensor a, Scalar b) => Ops.SubScalar.Call(a, b);
    public static Tensor operator -(Scalar a, Tensor b) => Ops.RSubScalar.Call(b, a);
    public static Tensor operator *(Tensor a, Tensor b) => Ops.MulTensor.Call(a, b);
    public static Tensor operator *(Tensor a, Scalar b) => Ops.MulScalar.Call(a, b);
    public static Tensor operator *(Scalar a, Tensor b) => Ops.MulScalar.Call(b, a);
    public static Tensor operator /(Tensor a, Tensor b) => Ops.DivTensor.Call(a, b);
    public static Tensor operator /(Tensor a, Scalar b) => Ops.DivScalar.Call(a, b);
    public static Tensor operator /(Scalar a, Tensor b)
    {
        using var r = b.Reciprocal();
        return Ops.MulScalar.Call(r, a);
    }
    public static Tensor operator -(Tensor a) => Ops.Neg.Call(a);
    public static Tensor operator %(Tensor a, Scalar b) => Ops.RemainderScalar.Call(a, b);

    public Tensor Add(Tensor other, Scalar alpha) => Ops.AddTensor.Call(this, other, alpha);
    public Tensor Sub(Tensor other, Scalar alpha) => Ops.SubTensor.Call(this, other, alpha);
    public Tensor Pow(Scalar exponent) => Ops.PowScalar.Call(this, exponent);
    public Tensor Pow(Tensor exponent) => Ops.PowTensor.Call(this, exponent);
    public Tensor Remainder(Tensor other) => Ops.RemainderTensor.Call(this, other);
    public Tensor FloorDivide(Tensor other) => Ops.FloorDivide.Call(this, other);
    public Tensor Atan2(Tensor other) => Ops.Atan2.Call(this, other);
    public Tensor Maximum(Tensor other) => Ops.Maximum.Call(this, other);
    public Tensor Minimum(Tensor other) => Ops.Minimum.Call(this, other);
    public Tensor Lerp(Tensor end, Scalar weight) => Ops.Lerp.Call(this, end, weight);
    public Tensor Lerp(Tensor end, Tensor weight) => Ops.LerpTensor.Call(this, end, weight);

    public Tensor Abs() => Ops.Abs.Call(this);
    public Tensor Sqrt() => Ops.Sqrt.Call(this);
    public Tensor Rsqrt() => Ops.Rsqrt.Call(this);
    public Tensor Exp() => Ops.Exp.Call(this);
    public Tensor Log() => Ops.Log.Call(this);
    public Tensor Sin() => Ops.Sin.Call(this);
    public Tensor Cos() => Ops.Cos.Call(this);
    public Tensor Tan() => Ops.Tan.Call(this);
    public Tensor Asin() => Ops.Asin.Call(this);
    public Tensor Acos() => Ops.Acos.Call(this);
    public Tensor Atan() => Ops.Atan.Call(this);
    public Tensor Tanh() => Ops.Tanh.Call(this);
    public Tensor Sigmoid() => Ops.Sigmoid.Call(this);
    public Tensor Floor() => Ops.Floor.Call(this);
    public Tensor Ceil() => Ops.Ceil.Call(this);
    public Tensor Round() => Ops.Round.Call(this);
    public Tensor Sign() => Ops.Sign.Call(this);
    public Tensor Reciprocal() => Ops.Reciprocal.Call(this);
    public Tensor Square() => Ops.MulTensor.Call(this, this);

    public Tensor Clamp(Scalar? min = null, Scalar? max = null) =>
        Ops.Clamp.Call(this, min is { } lo ? lo : Arg.None, max is { } hi ? hi : Arg.None);
    public Tensor Clamp(Tensor? min, Tensor? max) => Ops.ClampTensor.Call(this, min, max);

    // Comparisons return bool tensors.
    public Tensor Eq(Tensor other) => Ops.EqTensor.Call(this, other);
    public Tensor Eq(Scalar other) => Ops.EqScalar.Call(this, other);
    public Tensor Ne(Scalar other) => Ops.NeScalar.Call(this, other);
    public Tensor Lt(Tensor other) => Ops.LtTensor.Call(this, other);
    public Tensor Lt(Scalar other) => Ops.LtScalar.Call(this, other);
    public Tensor Le(Scalar other) => Ops.LeScalar.Call(this, other);
    public Tensor Gt(Tensor other) => Ops.GtTensor.Call(this, other);
    public Tensor Gt(Scalar other) => Ops.GtScalar.Call(this, other);
    public Tensor Ge(Scalar other) => Ops.GeScalar.Call(this, other);
    public Tensor LogicalNot() => Ops.LogicalNot.Call(this);
    public Tensor LogicalAnd(Tensor other) => Ops.LogicalAnd.Call(this, other);
    public Tensor LogicalOr(Tensor other) => Ops.LogicalOr.Call(this, other);
    public Tensor IsNaN() => Ops.IsNaN.Call(this);

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> is true, else of <paramref name="b"/>.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => Ops.Where.Call(condition, a, b);
    public static Tensor Where(Tensor condition, Tensor a, Scalar b) => Ops.WhereScalarOther.Call(condition, a, b);
    public Tensor MaskedFill(Tensor mask, Scalar value) => Ops.MaskedFill.Call(this, mask, value);

    // Reductions.
    public Tensor Sum() => Ops.Sum.Call(this);
    public Tensor Sum(long[] dims, bool keepDim = false) => Ops.SumDim.Call(this, dims, keepDim);
    public Tensor Sum(long dim, bool keepDim = false) => Ops.SumDim.Call(this, new[] { dim }, keepDim);
    public Tensor Mean() => Ops.Mean.Call(this);
    public Tensor Mean(long[] dims, bool keepDim = false) => Ops.MeanDim.Call(this, dims, keepDim);
    public Tensor Mean(long dim, bool keepDim = false) => Ops.MeanDim.Call(this, new[] { dim }, keepDim);
    public Tensor Prod() => Ops.Prod.Call(this);
    public Tensor Max() => Ops.Max.Call(this);
    public Tensor Min() => Ops.Min.Call(this);
    public (Tensor Values, Tensor Indices) Max(long dim, bool keepDim = false) => Pair(Ops.MaxDim.CallTensors(this, dim, keepDim));
    public (Tensor Values, Tensor Indices) Min(long dim, bool keepDim = false) => Pair(Ops.MinDim.CallTensors(this, dim, keepDim));
    public Tensor AMax(long[] dims, bool keepDim = false) => Ops.AMax.Call(this, dims, keepDim);
    public Tensor AMin(long[] dims, bool keepDim = false) => Ops.AMin.Call(this, dims, keepDim);
    public Tensor ArgMax(long? dim = null, bool keepDim = false) => Ops.ArgMax.Call(this, dim is { } d ? d : Arg.None, keepDim);
    public Tensor ArgMin(long? dim = null, bool keepDim = false) => Ops.ArgMin.Call(this, dim is { } d ? d : Arg.None, keepDim);
    public (Tensor Values, Tensor Indices) TopK(long k, long dim = -1, bool largest = true, bool sorted = true) =>
        Pair(Ops.TopK.CallTensors(this, k, dim, largest, sorted));
    public Tensor Std(long[] dims, bool unbiased = true, bool keepDim = false) => Ops.StdDim.Call(this, dims, unbiased, keepDim);
    public Tensor Var(long[] dims, bool unbiased = true, bool keepDim = false) => Ops.VarDim.Call(this, dims, unbiased, keepDim);
    public Tensor LogSumExp(long[] dims, bool keepDim = false) => Ops.LogSumExp.Call(this, dims, keepDim);
    public Tensor CumSum(long dim) => Ops.CumSum.Call(this, dim);

    /// <summary>Vector p-norm over <paramref name="dims"/> (all elements when null), like <c>torch.linalg.vector_norm</c>.</summary>
    public Tensor Norm(double p = 2, long[]? dims = null, bool keepDim = false) => Ops.VectorNorm.Call(this, p, dims, keepDim);

    private static (Tensor, Tensor) Pair(Tensor[] results) => (results[0], results[1]);
}
