using TS = TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Torch;

public enum InterpolateMode { Nearest, Bilinear, Bicubic, Area }
public enum GridPaddingMode { Zeros = 0, Border = 1, Reflection = 2 }
public enum PadMode { Constant, Reflect, Replicate, Circular }

/// <summary>Neural-network functions, named and defaulted like <c>torch.nn.functional</c>.</summary>
public static class Functional
{
    /// <summary><c>input·weightᵀ + bias</c>.</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) => F.linear(input.Torch, weight.Torch, bias?.Torch).Own();

    public static Tensor MatMul(Tensor a, Tensor b) => TS.torch.matmul(a.Torch, b.Torch).Own();
    public static Tensor Mm(Tensor a, Tensor b) => TS.torch.mm(a.Torch, b.Torch).Own();

    /// <summary>Batched matrix product.</summary>
    public static Tensor Bmm(Tensor a, Tensor b) => TS.torch.bmm(a.Torch, b.Torch).Own();

    /// <summary><c>beta * input + alpha * (a @ b)</c>, batched.</summary>
    public static Tensor BaddBmm(Tensor input, Tensor a, Tensor b, Scalar? beta = null, Scalar? alpha = null) =>
        Ops.BatchedProducts.BaddBmm(input.Torch, a.Torch, b.Torch, (beta ?? 1L).ToDouble(), (alpha ?? 1L).ToDouble()).Own();

    public static Tensor Einsum(string equation, params Tensor[] operands) =>
        TS.torch.einsum(equation, operands.Select(o => o.Torch).ToArray()).Own();

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
        F.conv2d(input.Torch, weight.Torch, bias?.Torch, stride ?? [1, 1], padding ?? [0, 0], dilation ?? [1, 1], groups).Own();

    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null,
        long[]? outputPadding = null, long groups = 1, long[]? dilation = null) =>
        F.conv_transpose2d(input.Torch, weight.Torch, bias?.Torch, stride ?? [1, 1], padding ?? [0, 0], outputPadding ?? [0, 0], dilation ?? [1, 1], groups).Own();

    public static Tensor MaxPool2d(Tensor input, long[] kernelSize, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceilMode = false) =>
        F.max_pool2d(input.Torch, kernelSize, stride ?? kernelSize, padding ?? [0, 0], dilation ?? [1, 1], ceilMode).Own();

    public static Tensor AvgPool2d(Tensor input, long[] kernelSize, long[]? stride = null, long[]? padding = null, bool ceilMode = false, bool countIncludePad = true) =>
        F.avg_pool2d(input.Torch, kernelSize, stride ?? kernelSize, padding ?? [0, 0], ceilMode, countIncludePad).Own();

    public static Tensor AdaptiveAvgPool2d(Tensor input, long[] outputSize) => F.adaptive_avg_pool2d(input.Torch, outputSize).Own();

    /// <summary>
    /// Each box of <paramref name="input"/> [N, C, H, W] cropped and adaptive-average-pooled to <paramref name="outputSize"/>,
    /// concatenated along the batch: [boxes·N, C, h, w], the value and gradient of slicing each box,
    /// <see cref="AdaptiveAvgPool2d"/> and <see cref="Tensor.Cat"/>. Every box must be non-empty and inside the image
    /// (<see cref="TorchException"/> otherwise).
    /// </summary>
    public static Tensor CropAdaptiveAvgPool2d(Tensor input, ReadOnlySpan<CropBox> boxes, long[] outputSize) =>
        Ops.CropPool.CropAdaptiveAvgPool2d(input.Torch, boxes, outputSize).Own();

    public static Tensor LayerNorm(Tensor input, long[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        F.layer_norm(input.Torch, normalizedShape, weight?.Torch, bias?.Torch, eps).Own();

    public static Tensor GroupNorm(Tensor input, long numGroups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        F.group_norm(input.Torch, numGroups, weight?.Torch, bias?.Torch, eps).Own();

    /// <summary>Batch norm; in evaluation (<paramref name="training"/> false) it uses the running statistics.</summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5) =>
        F.batch_norm(input.Torch, runningMean?.Torch, runningVar?.Torch, weight?.Torch, bias?.Torch, training, momentum, eps).Own();

    public static Tensor Embedding(Tensor weight, Tensor indices) => weight.Torch.index_select(0, indices.Torch.flatten())
        .WithShape(indices.Shape.Append(weight.Size(1)).ToArray()).Own();

    public static Tensor Relu(Tensor x) => F.relu(x.Torch).Own();

    /// <summary>GELU; <paramref name="tanhApproximation"/> selects PyTorch's <c>approximate='tanh'</c>.</summary>
    public static Tensor Gelu(Tensor x, bool tanhApproximation = false) =>
        F.gelu(x.Torch, tanhApproximation ? TS.Modules.GELU.Approximate.tanh : TS.Modules.GELU.Approximate.none).Own();

    public static Tensor Silu(Tensor x) => F.silu(x.Torch).Own();

    /// <summary>Swish <c>x·σ(alpha·x)</c>, computed as <c>silu(alpha·x)/alpha</c>; CLIP's QuickGELU is <c>alpha</c> = 1.702.</summary>
    public static Tensor Swish(Tensor x, double alpha = 1.0) => Ops.Swish.Apply(x.Torch, alpha).Own();

    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.01) => F.leaky_relu(x.Torch, negativeSlope).Own();
    public static Tensor Sigmoid(Tensor x) => x.Sigmoid();
    public static Tensor Tanh(Tensor x) => x.Tanh();
    public static Tensor Softmax(Tensor x, long dim) => F.softmax(x.Torch, dim).Own();
    public static Tensor LogSoftmax(Tensor x, long dim) => F.log_softmax(x.Torch, dim).Own();
    public static Tensor Dropout(Tensor x, double p, bool training) => training && p > 0 ? F.dropout(x.Torch, p, true).Own() : x.Share();

    /// <summary><c>x / max(||x||_p, eps)</c> along <paramref name="dim"/>, like <c>F.normalize</c>.</summary>
    public static Tensor Normalize(Tensor x, double p = 2, long dim = 1, double eps = 1e-12)
    {
        using var norm = x.Norm(p, [dim], keepDim: true);
        using var clamped = norm.Clamp(eps);
        using var denominator = clamped.ExpandAs(x);
        return x / denominator;
    }

    /// <summary>
    /// Resizes NCHW images like <c>F.interpolate</c>: give <paramref name="size"/> or <paramref name="scaleFactor"/>.
    /// <paramref name="alignCorners"/> applies to bilinear and bicubic only; <paramref name="antialias"/> to bilinear
    /// and bicubic downsampling.
    /// </summary>
    public static Tensor Interpolate(Tensor input, long[]? size = null, double[]? scaleFactor = null,
        InterpolateMode mode = InterpolateMode.Nearest, bool? alignCorners = null, bool antialias = false)
    {
        if ((size is null) == (scaleFactor is null))
            throw new ArgumentException("Interpolate needs exactly one of size and scaleFactor.");
        if (alignCorners is not null && mode is InterpolateMode.Nearest or InterpolateMode.Area)
            throw new ArgumentException("alignCorners applies to bilinear and bicubic interpolation only.");
        if (antialias && mode is InterpolateMode.Nearest or InterpolateMode.Area)
            throw new ArgumentException("antialias applies to bilinear and bicubic interpolation only.");
        if (mode == InterpolateMode.Area) return AdaptiveAvgPool2d(input, size ?? ScaledSize(input, scaleFactor!));
        var torchMode = mode switch
        {
            InterpolateMode.Nearest => TS.torch.InterpolationMode.Nearest,
            InterpolateMode.Bilinear => TS.torch.InterpolationMode.Bilinear,
            _ => TS.torch.InterpolationMode.Bicubic,
        };
        var align = mode == InterpolateMode.Nearest ? (bool?)null : alignCorners ?? false;
        return F.interpolate(input.Torch, size, scaleFactor, torchMode, align, recompute_scale_factor: false, antialias: antialias).Own();
    }

    private static long[] ScaledSize(Tensor input, double[] scale)
    {
        var shape = input.Shape;
        var spatial = shape.Length - 2;
        if (scale.Length != spatial && scale.Length != 1)
            throw new ArgumentException($"scaleFactor has {scale.Length} entries for {spatial} spatial dimensions.");
        return Enumerable.Range(0, spatial).Select(i => (long)Math.Floor(shape[i + 2] * scale[scale.Length == 1 ? 0 : i])).ToArray();
    }

    /// <summary>Samples <paramref name="input"/> (N,C,H,W) at <paramref name="grid"/> (N,H',W',2) in [-1,1] coordinates, like <c>F.grid_sample</c>.</summary>
    public static Tensor GridSample(Tensor input, Tensor grid, GridSampleMode mode = GridSampleMode.Bilinear,
        GridPaddingMode paddingMode = GridPaddingMode.Zeros, bool alignCorners = false)
    {
        var torchPadding = paddingMode switch
        {
            GridPaddingMode.Border => TS.torch.GridSamplePaddingMode.Border,
            GridPaddingMode.Reflection => TS.torch.GridSamplePaddingMode.Reflection,
            _ => TS.torch.GridSamplePaddingMode.Zeros,
        };
        return Ops.GridSampling.GridSample(input.Torch, grid.Torch, mode, torchPadding, alignCorners).Own();
    }

    /// <summary>Sampling grid (N,H,W,2) for affine matrices <paramref name="theta"/> (N,2,3), like <c>F.affine_grid</c>.</summary>
    public static Tensor AffineGrid(Tensor theta, long[] size, bool alignCorners = false) =>
        F.affine_grid(theta.Torch, size, alignCorners).Own();

    /// <summary>Pads the last dimensions: <paramref name="pad"/> = (left, right, top, bottom, ...), like <c>F.pad</c>.</summary>
    public static Tensor Pad(Tensor input, long[] pad, PadMode mode = PadMode.Constant, double value = 0)
    {
        var torchMode = mode switch
        {
            PadMode.Constant => TS.PaddingModes.Constant,
            PadMode.Reflect => TS.PaddingModes.Reflect,
            PadMode.Replicate => TS.PaddingModes.Replicate,
            _ => TS.PaddingModes.Circular,
        };
        return F.pad(input.Torch, pad, torchMode, mode == PadMode.Constant ? value : 0).Own();
    }

    private static TS.torch.Tensor WithShape(this TS.torch.Tensor flat, long[] shape)
    {
        using (flat) return flat.view(shape);
    }
}
