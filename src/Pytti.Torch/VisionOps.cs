using F = TorchSharp.torch.nn.functional;

namespace Pytti.Torch;

/// <summary>
/// Operators the vision models (RAFT, Depth Anything) need beyond <see cref="Functional"/>:
/// instance normalisation and <c>F.unfold</c> (im2col), named and defaulted like PyTorch.
/// </summary>
public static class VisionOps
{
    /// <summary>
    /// <c>F.instance_norm</c> with input statistics: each (sample, channel) plane of NCHW is normalised
    /// by its own mean and biased variance, as <c>nn.InstanceNorm2d</c> without running statistics does.
    /// </summary>
    public static Tensor InstanceNorm(Tensor input, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        F.instance_norm(input.Torch, null, null, weight?.Torch, bias?.Torch, use_input_stats: true, momentum: 0.1, eps: eps).Own();

    /// <summary>
    /// <c>F.unfold</c>: sliding <paramref name="kernelSize"/> blocks of NCHW as columns,
    /// [N, C·kh·kw, L] with the channel varying slowest and L the block positions in row-major order.
    /// </summary>
    public static Tensor Unfold(Tensor input, long[] kernelSize, long[]? dilation = null, long[]? padding = null, long[]? stride = null)
    {
        var d = dilation ?? [1, 1];
        var p = padding ?? [0, 0];
        var s = stride ?? [1, 1];
        return F.unfold(input.Torch, (kernelSize[0], kernelSize[1]), (d[0], d[1]), (p[0], p[1]), (s[0], s[1])).Own();
    }
}
