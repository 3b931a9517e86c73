namespace Pytti.Torch;

// In-place updates (optimisers, parameter loading). Each returns this tensor.
public sealed partial class Tensor
{
    public Tensor Add_(Tensor other, Scalar? alpha = null) => InPlace(alpha ?? 1L, a => Torch.add_(other.Torch, a));
    public Tensor Add_(Scalar other) => InPlace(other, s => Torch.add_(s));
    public Tensor Sub_(Tensor other) => InPlace(() => Torch.sub_(other.Torch));
    public Tensor Mul_(Tensor other) => InPlace(() => Torch.mul_(other.Torch));
    public Tensor Mul_(Scalar other) => InPlace(other, s => Torch.mul_(s));
    public Tensor Div_(Tensor other) => InPlace(() => Torch.div_(other.Torch));
    public Tensor Div_(Scalar other) => InPlace(other, s => Torch.div_(s));

    /// <summary><c>this += value * t1 * t2</c>.</summary>
    public Tensor AddCMul_(Tensor t1, Tensor t2, Scalar value) => InPlace(value, s => Torch.addcmul_(t1.Torch, t2.Torch, s));

    /// <summary><c>this += value * t1 / t2</c>.</summary>
    public Tensor AddCDiv_(Tensor t1, Tensor t2, Scalar value) => InPlace(value, s => Torch.addcdiv_(t1.Torch, t2.Torch, s));

    public Tensor Lerp_(Tensor end, Scalar weight) => InPlace(() => Ops.Interpolation.Lerp_(Torch, end.Torch, weight.ToDouble()));

    public Tensor Clamp_(Scalar min, Scalar max)
    {
        using var lo = min.ToTorch();
        using var hi = max.ToTorch();
        return InPlace(() => Torch.clamp_(lo, hi));
    }

    public Tensor Zero_() => InPlace(() => Torch.zero_());
    public Tensor Fill_(Scalar value) => InPlace(value, s => Torch.fill_(s));

    /// <summary>Copies <paramref name="source"/>'s values into this tensor (broadcasting, converting dtype and device).</summary>
    public Tensor CopyFrom_(Tensor source) => InPlace(() => Torch.copy_(source.Torch));

    public Tensor Sqrt_() => InPlace(() => Torch.sqrt_());

    // TorchSharp's in-place methods return a new handle to this tensor: released at once.
    private Tensor InPlace(Func<TorchSharp.torch.Tensor> op)
    {
        var result = op();
        if (!ReferenceEquals(result, Torch)) result.Dispose();
        return this;
    }

    private Tensor InPlace(Scalar value, Func<TorchSharp.Scalar, TorchSharp.torch.Tensor> op)
    {
        using var s = value.ToTorch();
        return InPlace(() => op(s));
    }
}
