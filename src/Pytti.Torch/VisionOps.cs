using Pytti.Torch.Native;

namespace Pytti.Torch;

/// <summary>
/// ATen operators the vision models (RAFT, Depth Anything) need beyond <see cref="Functional"/>:
/// instance normalisation and <c>F.unfold</c> (im2col), named and defaulted like PyTorch.
/// </summary>
public static class VisionOps
{
    internal static readonly Op InstanceNormOp = new("aten::instance_norm");
    internal static readonly Op Im2ColOp = new("aten::im2col");

    /// <summary>The operators above (for the resolution test).</summary>
    internal static IEnumerable<Op> All() => [InstanceNormOp, Im2ColOp];

    /// <summary>
    /// <c>F.instance_norm</c> with input statistics: each (sample, channel) plane of NCHW is normalised
    /// by its own mean and biased variance, as <c>nn.InstanceNorm2d</c> without running statistics does.
    /// </summary>
    public static Tensor InstanceNorm(Tensor input, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        InstanceNormOp.Call(input, weight, bias, (Tensor?)null, (Tensor?)null, true, 0.1, eps, true);

    /// <summary>
    /// <c>F.unfold</c>: sliding <paramref name="kernelSize"/> blocks of NCHW as columns,
    /// [N, C·kh·kw, L] with the channel varying slowest and L the block positions in row-major order.
    /// </summary>
    public static Tensor Unfold(Tensor input, long[] kernelSize, long[]? dilation = null, long[]? padding = null, long[]? stride = null) =>
        Im2ColOp.Call(input, kernelSize, dilation ?? [1, 1], padding ?? [0, 0], stride ?? [1, 1]);
}
