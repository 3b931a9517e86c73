using TS = TorchSharp;

namespace Pytti.Torch;

// Element-wise arithmetic, operators, comparisons, reductions.
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => a.Torch.add(b.Torch).Own();
    public static Tensor operator +(Tensor a, Scalar b) => TorchConvert.With(b, s => a.Torch.add(s));
    public static Tensor operator +(Scalar a, Tensor b) => TorchConvert.With(a, s => b.Torch.add(s));
    public static Tensor operator -(Tensor a, Tensor b) => a.Torch.sub(b.Torch).Own();
    public static Tensor operator -(Tensor a, Scalar b) => TorchConvert.With(b, s => a.Torch.sub(s));
    public static Tensor operator -(Scalar a, Tensor b)
    {
        using var negated = b.Torch.neg();   // a − b = −b + a exactly, as ATen's rsub computes it
        return TorchConvert.With(a, s => negated.add(s));
    }
    public static Tensor operator *(Tensor a, Tensor b) => a.Torch.mul(b.Torch).Own();
    public static Tensor operator *(Tensor a, Scalar b) => TorchConvert.With(b, s => a.Torch.mul(s));
    public static Tensor operator *(Scalar a, Tensor b) => TorchConvert.With(a, s => b.Torch.mul(s));
    public static Tensor operator /(Tensor a, Tensor b) => a.Torch.div(b.Torch).Own();
    public static Tensor operator /(Tensor a, Scalar b) => TorchConvert.With(b, s => a.Torch.div(s));

    public static Tensor operator /(Scalar a, Tensor b)
    {
        using var r = b.Torch.reciprocal();
        return TorchConvert.With(a, s => r.mul(s));
    }

    public static Tensor operator -(Tensor a) => a.Torch.neg().Own();
    public static Tensor operator %(Tensor a, Scalar b) => TorchConvert.With(b, s => a.Torch.remainder(s));

    public Tensor Add(Tensor other, Scalar alpha) => TorchConvert.With(alpha, s => Torch.add(other.Torch, s));
    public Tensor Sub(Tensor other, Scalar alpha) =>   // ATen's sub is add with −alpha
        TorchConvert.With(alpha.IsInteger ? (Scalar)(-alpha.Integer) : -alpha.Real, s => Torch.add(other.Torch, s));
    public Tensor Pow(Scalar exponent) => TorchConvert.With(exponent, s => Torch.pow(s));
    public Tensor Pow(Tensor exponent) => Torch.pow(exponent.Torch).Own();
    public Tensor Remainder(Tensor other) => Torch.remainder(other.Torch).Own();
    public Tensor FloorDivide(Tensor other) => Torch.floor_divide(other.Torch).Own();
    public Tensor Atan2(Tensor other) => Torch.atan2(other.Torch).Own();
    public Tensor Maximum(Tensor other) => Torch.maximum(other.Torch).Own();
    public Tensor Minimum(Tensor other) => Torch.minimum(other.Torch).Own();
    public Tensor Lerp(Tensor end, Scalar weight) => Ops.Interpolation.Lerp(Torch, end.Torch, weight.ToDouble()).Own();
    public Tensor Lerp(Tensor end, Tensor weight) => Torch.lerp(end.Torch, weight.Torch).Own();

    public Tensor Abs() => Torch.abs().Own();
    public Tensor Sqrt() => Torch.sqrt().Own();
    public Tensor Rsqrt() => Torch.rsqrt().Own();
    public Tensor Exp() => Torch.exp().Own();
    public Tensor Log() => Torch.log().Own();
    public Tensor Sin() => Torch.sin().Own();
    public Tensor Cos() => Torch.cos().Own();
    public Tensor Tan() => Torch.tan().Own();
    public Tensor Asin() => Torch.asin().Own();
    public Tensor Acos() => Torch.acos().Own();
    public Tensor Atan() => Torch.atan().Own();
    public Tensor Tanh() => Torch.tanh().Own();
    public Tensor Sigmoid() => Torch.sigmoid().Own();
    public Tensor Floor() => Torch.floor().Own();
    public Tensor Ceil() => Torch.ceil().Own();
    public Tensor Round() => Torch.round().Own();
    public Tensor Sign() => Torch.sign().Own();
    public Tensor Reciprocal() => Torch.reciprocal().Own();
    public Tensor Square() => Torch.mul(Torch).Own();

    public Tensor Clamp(Scalar? min = null, Scalar? max = null)
    {
        using var lo = min?.ToTorch();
        using var hi = max?.ToTorch();
        return Torch.clamp(lo, hi).Own();
    }

    public Tensor Clamp(Tensor? min, Tensor? max) => Torch.clamp(min?.Torch, max?.Torch).Own();

    // Comparisons return bool tensors.
    public Tensor Eq(Tensor other) => Torch.eq(other.Torch).Own();
    public Tensor Eq(Scalar other) => TorchConvert.With(other, s => Torch.eq(s));
    public Tensor Ne(Scalar other) => TorchConvert.With(other, s => Torch.ne(s));
    public Tensor Lt(Tensor other) => Torch.lt(other.Torch).Own();
    public Tensor Lt(Scalar other) => TorchConvert.With(other, s => Torch.lt(s));
    public Tensor Le(Scalar other) => TorchConvert.With(other, s => Torch.le(s));
    public Tensor Gt(Tensor other) => Torch.gt(other.Torch).Own();
    public Tensor Gt(Scalar other) => TorchConvert.With(other, s => Torch.gt(s));
    public Tensor Ge(Scalar other) => TorchConvert.With(other, s => Torch.ge(s));
    public Tensor LogicalNot() => Torch.logical_not().Own();
    public Tensor LogicalAnd(Tensor other) => Torch.logical_and(other.Torch).Own();
    public Tensor LogicalOr(Tensor other) => Torch.logical_or(other.Torch).Own();
    public Tensor IsNaN() => Torch.isnan().Own();

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> is true, else of <paramref name="b"/>.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => TS.torch.where(condition.Torch, a.Torch, b.Torch).Own();

    public static Tensor Where(Tensor condition, Tensor a, Scalar b)
    {
        using var other = TorchConvert.With(b, s => TS.torch.full([], s, a.Torch.dtype, a.Torch.device));
        return Where(condition, a, other);
    }

    public Tensor MaskedFill(Tensor mask, Scalar value) => TorchConvert.With(value, s => Torch.masked_fill(mask.Torch, s));

    // Reductions.
    public Tensor Sum() => Torch.sum().Own();
    public Tensor Sum(long[] dims, bool keepDim = false) => Torch.sum(dims, keepDim).Own();
    public Tensor Sum(long dim, bool keepDim = false) => Torch.sum([dim], keepDim).Own();
    public Tensor Mean() => Torch.mean().Own();
    public Tensor Mean(long[] dims, bool keepDim = false) => Torch.mean(dims, keepDim).Own();
    public Tensor Mean(long dim, bool keepDim = false) => Torch.mean([dim], keepDim).Own();
    public Tensor Prod() => Torch.prod().Own();
    public Tensor Max() => Torch.max().Own();
    public Tensor Min() => Torch.min().Own();
    public (Tensor Values, Tensor Indices) Max(long dim, bool keepDim = false) => Pair(Torch.max(dim, keepDim));
    public (Tensor Values, Tensor Indices) Min(long dim, bool keepDim = false) => Pair(Torch.min(dim, keepDim));
    public Tensor AMax(long[] dims, bool keepDim = false) => Torch.amax(dims, keepDim).Own();
    public Tensor AMin(long[] dims, bool keepDim = false) => Torch.amin(dims, keepDim).Own();
    public Tensor ArgMax(long? dim = null, bool keepDim = false) => (dim is { } d ? Torch.argmax(d, keepDim) : Torch.argmax()).Own();
    public Tensor ArgMin(long? dim = null, bool keepDim = false) => (dim is { } d ? Torch.argmin(d, keepDim) : Torch.argmin()).Own();

    public (Tensor Values, Tensor Indices) TopK(long k, long dim = -1, bool largest = true, bool sorted = true) =>
        Pair(Torch.topk((int)k, (int)dim, largest, sorted));

    public Tensor Std(long[] dims, bool unbiased = true, bool keepDim = false) => Torch.std(dims, unbiased, keepDim).Own();
    public Tensor Var(long[] dims, bool unbiased = true, bool keepDim = false) => Torch.var(dims, unbiased, keepDim).Own();
    public Tensor LogSumExp(long[] dims, bool keepDim = false)
    {
        if (dims.Length != 1) throw new NotSupportedException("LogSumExp reduces one dimension at a time.");
        return Torch.logsumexp(dims[0], keepDim).Own();
    }
    public Tensor CumSum(long dim) => Torch.cumsum(dim).Own();

    /// <summary>Vector p-norm over <paramref name="dims"/> (all elements when null), like <c>torch.linalg.vector_norm</c>.</summary>
    public Tensor Norm(double p = 2, long[]? dims = null, bool keepDim = false) =>
        TS.torch.linalg.vector_norm(Torch, p, dims, keepDim).Own();

    private static (Tensor, Tensor) Pair((TS.torch.Tensor values, TS.torch.Tensor indices) results) =>
        (results.values.Own(), results.indices.Own());
}
