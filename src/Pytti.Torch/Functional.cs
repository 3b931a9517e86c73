using Pytti.Torch.Native;

namespace Pytti.Torch;

public enum InterpolateMode { Nearest, Bilinear, Bicubic, Area }

public enum GridSampleMode { Bilinear = 0, Nearest = 1, Bicubic = 2 }

public enum GridPaddingMode { Zeros = 0, Border = 1, Reflection = 2 }

public enum PadMode { Constant, Reflect, Replicate, Circular }

/// <summary>A box of an NCHW image for <see cref="Functional.CropAdaptiveAvgPool2d"/>: top row, left column, height, width, in pixels.</summary>
public readonly record struct CropBox(long Y, long X, long Height, long Width);

/// <summary>Neural-network functions, named and defaulted like <c>torch.nn.functional</c>.</summary>
public static class Functional
{
    /// <summary>
    /// <c>input·weightᵀ + bias</c>. Frozen fp32 weights on the CPU go through oneDNN's matmul, forward and input
    /// gradient, when the bridge has it (<see cref="LibTorch.OneDnnLinear"/>): the same product to fp32 rounding,
    /// about twice OpenBLAS's speed on AVX-512 CPUs. Anything else is ATen's <c>linear</c>.
    /// </summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        Checked.Check(NativeMethods.pt_linear(input.Ptr, weight.Ptr, bias?.Ptr ?? IntPtr.Zero, out var result));
        return new Tensor(result);
    }

    public static Tensor MatMul(Tensor a, Tensor b) => Ops.MatMul.Call(a, b);
    public static Tensor Mm(Tensor a, Tensor b) => Ops.Mm.Call(a, b);
    /// <summary>Batched matrix product; fp32 CPU operands go through oneDNN like <see cref="Linear"/>, transposed views without copies.</summary>
    public static Tensor Bmm(Tensor a, Tensor b)
    {
        Checked.Check(NativeMethods.pt_bmm(a.Ptr, b.Ptr, out var result));
        return new Tensor(result);
    }
    /// <summary>
    /// Self-attention's core over the packed in-projection <paramref name="qkv"/> [L, N, 3E] (q, k and v side by side, as
    /// <c>nn.MultiheadAttention</c>'s one linear layer makes them): <c>softmax(q·kᵀ/√d + mask)·v</c> per head, the
    /// <paramref name="numHeads"/> heads merged, [L, N, E], ready for the output projection. <paramref name="attnMask"/> is
    /// null or an additive float [L, L] (CLIP's causal mask). One autograd function, whose backward gives qkv's gradient
    /// [L, N, 3E] directly; fp32 CPU tensors take a fused kernel (PyTorch's result to fp32 rounding, the same bits every
    /// run), anything else ATen's operators. Wrong shapes throw <see cref="TorchException"/>.
    /// </summary>
    public static Tensor SelfAttention(Tensor qkv, long numHeads, Tensor? attnMask = null)
    {
        Checked.Check(NativeMethods.pt_self_attention(qkv.Ptr, numHeads, attnMask?.Ptr ?? IntPtr.Zero, out var result));
        if (result != IntPtr.Zero) return new Tensor(result);
        using var scope = LibTorch.NewDisposeScope();   // not the kernel's inputs: PyTorch's operator sequence
        var parts = qkv.Chunk(3, -1);
        var attended = NN.MultiheadAttention.Attend(parts[0], parts[1], parts[2], numHeads, attnMask);   // [L·N, E]
        return attended.View(qkv.Size(0), qkv.Size(1), qkv.Size(2) / 3).MoveToOuterScope();
    }
    /// <summary><c>beta * input + alpha * (a @ b)</c>, batched.</summary>
    public static Tensor BaddBmm(Tensor input, Tensor a, Tensor b, Scalar? beta = null, Scalar? alpha = null) =>
        Ops.BaddBmm.Call(input, a, b, beta ?? 1L, alpha ?? 1L);
    public static Tensor Einsum(string equation, params Tensor[] operands) => Ops.Einsum.Call(equation, operands);

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
        Ops.Conv2d.Call(input, weight, bias, stride ?? [1, 1], padding ?? [0, 0], dilation ?? [1, 1], groups);

    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null,
        long[]? outputPadding = null, long groups = 1, long[]? dilation = null) =>
        Ops.ConvTranspose2d.Call(input, weight, bias, stride ?? [1, 1], padding ?? [0, 0], outputPadding ?? [0, 0], groups, dilation ?? [1, 1]);

    public static Tensor MaxPool2d(Tensor input, long[] kernelSize, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceilMode = false) =>
        Ops.MaxPool2d.Call(input, kernelSize, stride ?? kernelSize, padding ?? [0, 0], dilation ?? [1, 1], ceilMode);

    public static Tensor AvgPool2d(Tensor input, long[] kernelSize, long[]? stride = null, long[]? padding = null, bool ceilMode = false, bool countIncludePad = true) =>
        Ops.AvgPool2d.Call(input, kernelSize, stride ?? kernelSize, padding ?? [0, 0], ceilMode, countIncludePad);

    public static Tensor AdaptiveAvgPool2d(Tensor input, long[] outputSize) => Ops.AdaptiveAvgPool2d.Call(input, outputSize);

    /// <summary>
    /// Each box of <paramref name="input"/> [N, C, H, W] cropped and adaptive-average-pooled to <paramref name="outputSize"/>,
    /// concatenated along the batch: [boxes·N, C, h, w], the value and gradient of slicing each box, <see cref="AdaptiveAvgPool2d"/>
    /// and <see cref="Tensor.Cat"/>. A contiguous fp32/fp64 CPU image with N = 1 (and an output larger than 1×1) takes one
    /// native operator: the same values bit for bit, a backward that writes one gradient image instead of one per box (the
    /// same gradient to rounding, and the same on every run). Anything else takes those ATen operators.
    /// Every box must be non-empty and inside the image (<see cref="TorchException"/> otherwise).
    /// </summary>
    public static unsafe Tensor CropAdaptiveAvgPool2d(Tensor input, ReadOnlySpan<CropBox> boxes, long[] outputSize)
    {
        if (outputSize.Length != 2) throw new ArgumentException($"outputSize has {outputSize.Length} entries, not 2.", nameof(outputSize));
        IntPtr result;
        fixed (CropBox* b = boxes)
            Checked.Check(NativeMethods.pt_crop_pool(input.Ptr, (long*)b, boxes.Length, outputSize[0], outputSize[1], out result));
        GC.KeepAlive(input);
        return new Tensor(result);
    }

    public static Tensor LayerNorm(Tensor input, long[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        Ops.LayerNorm.Call(input, normalizedShape, weight, bias, eps);

    public static Tensor GroupNorm(Tensor input, long numGroups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        Ops.GroupNorm.Call(input, numGroups, weight, bias, eps);

    /// <summary>Batch norm; in evaluation (<paramref name="training"/> false) it uses the running statistics.</summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5) =>
        Ops.BatchNorm.Call(input, weight, bias, runningMean, runningVar, training, momentum, eps, true);

    public static Tensor Embedding(Tensor weight, Tensor indices) => Ops.Embedding.Call(weight, indices);

    public static Tensor Relu(Tensor x) => Ops.Relu.Call(x);
    /// <summary>GELU; <paramref name="tanhApproximation"/> selects PyTorch's <c>approximate='tanh'</c>.</summary>
    public static Tensor Gelu(Tensor x, bool tanhApproximation = false) => Ops.Gelu.Call(x, tanhApproximation ? "tanh" : "none");
    public static Tensor Silu(Tensor x) => Ops.Silu.Call(x);

    /// <summary>
    /// Swish <c>x·σ(alpha·x)</c>; CLIP's QuickGELU is <c>alpha</c> = 1.702. fp32 CPU tensors take one pass forward and
    /// one backward through oneDNN when <see cref="LibTorch.OneDnnLinear"/>; anything else is <c>silu(alpha·x)/alpha</c>.
    /// </summary>
    public static Tensor Swish(Tensor x, double alpha = 1.0)
    {
        Checked.Check(NativeMethods.pt_swish(x.Ptr, alpha, out var result));
        return new Tensor(result);
    }
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.01) => Ops.LeakyRelu.Call(x, negativeSlope);
    public static Tensor Sigmoid(Tensor x) => Ops.Sigmoid.Call(x);
    public static Tensor Tanh(Tensor x) => Ops.Tanh.Call(x);
    public static Tensor Softmax(Tensor x, long dim) => Ops.Softmax.Call(x, dim);
    public static Tensor LogSoftmax(Tensor x, long dim) => Ops.LogSoftmax.Call(x, dim);
    public static Tensor Dropout(Tensor x, double p, bool training) => training && p > 0 ? Ops.Dropout.Call(x, p, true) : x.Share();

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
        var align = alignCorners ?? false;
        return mode switch
        {
            InterpolateMode.Nearest => Ops.UpsampleNearest2d.Call(input, size, scaleFactor),
            InterpolateMode.Bilinear => (antialias ? Ops.UpsampleBilinear2dAa : Ops.UpsampleBilinear2d).Call(input, size, align, scaleFactor),
            InterpolateMode.Bicubic => (antialias ? Ops.UpsampleBicubic2dAa : Ops.UpsampleBicubic2d).Call(input, size, align, scaleFactor),
            _ => Ops.AdaptiveAvgPool2d.Call(input, size ?? ScaledSize(input, scaleFactor!)),
        };
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
        GridPaddingMode paddingMode = GridPaddingMode.Zeros, bool alignCorners = false) =>
        Ops.GridSampler.Call(input, grid, (long)mode, (long)paddingMode, alignCorners);

    /// <summary>Sampling grid (N,H,W,2) for affine matrices <paramref name="theta"/> (N,2,3), like <c>F.affine_grid</c>.</summary>
    public static Tensor AffineGrid(Tensor theta, long[] size, bool alignCorners = false) =>
        Ops.AffineGridGenerator.Call(theta, size, alignCorners);

    /// <summary>Pads the last dimensions: <paramref name="pad"/> = (left, right, top, bottom, ...), like <c>F.pad</c>.</summary>
    public static Tensor Pad(Tensor input, long[] pad, PadMode mode = PadMode.Constant, double value = 0)
    {
        var modeName = mode switch
        {
            PadMode.Constant => "constant",
            PadMode.Reflect => "reflect",
            PadMode.Replicate => "replicate",
            _ => "circular",
        };
        return Ops.Pad.Call(input, pad, modeName, mode == PadMode.Constant ? value : Arg.None);
    }
}
