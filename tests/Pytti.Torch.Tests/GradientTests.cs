using Pytti.Torch;

namespace Pytti.Torch.Tests;

/// <summary>Finite-difference gradient checks (float64) of every differentiable wrapper the engine uses.</summary>
public class GradientTests
{
    private static Tensor R(params long[] shape) => RandFrom(7, shape);

    private static Tensor RandFrom(ulong seed, long[] shape)
    {
        using var g = new Generator(seed);
        return Tensor.RandN(shape, g, DType.Float64);
    }

    private static Tensor Positive(params long[] shape)
    {
        using var g = new Generator(11);
        using var u = Tensor.Rand(shape, g, DType.Float64);
        return u + 0.5;
    }

    public static TheoryData<string> UnaryCases() =>
    [
        "neg", "abs", "exp", "log", "sqrt", "rsqrt", "sin", "cos", "tanh", "sigmoid", "asin", "atan", "pow2.5", "reciprocal",
        "relu", "gelu", "gelu_tanh", "silu", "leaky_relu", "softmax", "log_softmax", "sum", "mean", "norm", "norm1", "std", "var",
        "logsumexp", "cumsum", "clamp", "max_dim", "amax", "normalize", "square", "flip", "roll", "permute", "transpose",
        "expand", "narrow", "slice", "select", "squeeze_unsqueeze", "flatten", "reshape", "repeat", "split_cat", "chunk_stack",
        "unbind", "index_select", "gather", "index", "where", "masked_fill", "lerp", "atan2", "scalar_div",
    ];

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Elementwise_reductions_and_views(string op)
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var idx = Tensor.From([2L, 0L, 1L]);
        using var gidx = Tensor.From([0L, 2L, 1L, 1L, 0L, 2L], 2, 3);
        using var mask = Tensor.From([true, false, true, false, false, true], 2, 3);
        using var other = RandFrom(3, [2, 3]);
        Func<Tensor[], Tensor> f = op switch
        {
            "neg" => x => -x[0],
            "abs" => x => x[0].Abs(),
            "exp" => x => x[0].Exp(),
            "log" => x => x[0].Abs().Log(),
            "sqrt" => x => x[0].Abs().Sqrt(),
            "rsqrt" => x => x[0].Abs().Rsqrt(),
            "sin" => x => x[0].Sin(),
            "cos" => x => x[0].Cos(),
            "tanh" => x => x[0].Tanh(),
            "sigmoid" => x => x[0].Sigmoid(),
            "asin" => x => (x[0] * 0.3).Asin(),
            "atan" => x => x[0].Atan(),
            "pow2.5" => x => x[0].Abs().Pow(2.5),
            "reciprocal" => x => x[0].Abs().Reciprocal(),
            "relu" => x => Functional.Relu(x[0]),
            "gelu" => x => Functional.Gelu(x[0]),
            "gelu_tanh" => x => Functional.Gelu(x[0], tanhApproximation: true),
            "silu" => x => Functional.Silu(x[0]),
            "leaky_relu" => x => Functional.LeakyRelu(x[0], 0.2),
            "softmax" => x => Functional.Softmax(x[0], -1),
            "log_softmax" => x => Functional.LogSoftmax(x[0], 0),
            "sum" => x => x[0].Sum([1], keepDim: true),
            "mean" => x => x[0].Mean([0]),
            "norm" => x => x[0].Norm(2, [1]),
            "norm1" => x => x[0].Norm(1),
            "std" => x => x[0].Std([1]),
            "var" => x => x[0].Var([0], unbiased: false),
            "logsumexp" => x => x[0].LogSumExp([1]),
            "cumsum" => x => x[0].CumSum(1),
            "clamp" => x => x[0].Clamp(-0.5, 0.5),
            "max_dim" => x => x[0].Max(1).Values,
            "amax" => x => x[0].AMax([0]),
            "normalize" => x => Functional.Normalize(x[0], dim: -1),
            "square" => x => x[0].Square(),
            "flip" => x => x[0].Flip(0, 1) * other,
            "roll" => x => x[0].Roll([1], [1]) * other,
            "permute" => x => x[0].Permute(1, 0).Contiguous(),
            "transpose" => x => x[0].Transpose(0, 1) * 2.0,
            "expand" => x => x[0].Narrow(0, 0, 1).Expand(4, 3),
            "narrow" => x => x[0].Narrow(1, 1, 2),
            "slice" => x => x[0].Slice(1, 0, null, 2),
            "select" => x => x[0].Select(1, 2),
            "squeeze_unsqueeze" => x => x[0].Unsqueeze(0).Squeeze(0),
            "flatten" => x => x[0].Flatten(),
            "reshape" => x => x[0].Reshape(3, 2),
            "repeat" => x => x[0].Repeat(2, 1),
            "split_cat" => x => Tensor.Cat(x[0].Split(1, 1).Reverse().ToArray(), 1),
            "chunk_stack" => x => Tensor.Stack(x[0].Chunk(2, 0), 2),
            "unbind" => x => x[0].Unbind(1)[1],
            "index_select" => x => x[0].IndexSelect(1, idx),
            "gather" => x => x[0].Gather(1, gidx),
            "index" => x => x[0].Index(null, idx),
            "where" => x => Tensor.Where(mask, x[0], other),
            "masked_fill" => x => x[0].MaskedFill(mask, 3.0),
            "lerp" => x => x[0].Lerp(other, 0.3),
            "atan2" => x => x[0].Atan2(other),
            "scalar_div" => x => 2.0 / (x[0].Abs() + 1.0),
            _ => throw new ArgumentException(op),
        };
        GradCheck.Check(f, R(2, 3));
    }

    [Fact]
    public void Linear_matmul_bmm_baddbmm_einsum()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        GradCheck.Check(x => Functional.Linear(x[0], x[1], x[2]), R(4, 3), R(5, 3), R(5));
        GradCheck.Check(x => Functional.MatMul(x[0], x[1]), R(2, 4, 3), R(3, 2));
        GradCheck.Check(x => Functional.Bmm(x[0], x[1]), R(2, 4, 3), R(2, 3, 2));
        GradCheck.Check(x => Functional.BaddBmm(x[0], x[1], x[2]), R(2, 4, 2), R(2, 4, 3), R(2, 3, 2));
        GradCheck.Check(x => Functional.Einsum("bij,bjk->bik", x[0], x[1]), R(2, 3, 2), R(2, 2, 4));
    }

    [Fact]
    public void Convolutions_and_pooling()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        GradCheck.Check(x => Functional.Conv2d(x[0], x[1], x[2], [2, 2], [1, 1]), R(1, 2, 5, 5), R(3, 2, 3, 3), R(3));
        GradCheck.Check(x => Functional.Conv2d(x[0], x[1], null, groups: 2), R(1, 4, 4, 4), R(4, 2, 2, 2));
        GradCheck.Check(x => Functional.ConvTranspose2d(x[0], x[1], x[2], [2, 2], [1, 1], [1, 1]), R(1, 2, 3, 3), R(2, 3, 3, 3), R(3));
        GradCheck.Check(x => Functional.MaxPool2d(x[0], [2, 2]), R(1, 2, 4, 4));
        GradCheck.Check(x => Functional.AvgPool2d(x[0], [2, 2], [1, 1]), R(1, 2, 4, 4));
        GradCheck.Check(x => Functional.AdaptiveAvgPool2d(x[0], [2, 3]), R(1, 2, 5, 7));
    }

    [Fact]
    public void Normalisations_and_embedding()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        GradCheck.Check(x => Functional.LayerNorm(x[0], [4], x[1], x[2]), R(3, 4), R(4), R(4));
        GradCheck.Check(x => Functional.GroupNorm(x[0], 2, x[1], x[2]), R(2, 4, 3, 3), R(4), R(4));
        using var mean = R(3);
        using var variance = Positive(3);
        GradCheck.Check(x => Functional.BatchNorm(x[0], mean, variance, x[1], x[2]), R(2, 3, 2, 2), R(3), R(3));
        using var ids = Tensor.From([1L, 0L, 3L, 1L], 2, 2);
        GradCheck.Check(x => Functional.Embedding(x[0], ids), R(4, 3));
    }

    [Theory]
    [InlineData(InterpolateMode.Nearest, false, false)]
    [InlineData(InterpolateMode.Bilinear, false, false)]
    [InlineData(InterpolateMode.Bilinear, true, false)]
    [InlineData(InterpolateMode.Bicubic, false, false)]
    [InlineData(InterpolateMode.Bicubic, true, false)]
    [InlineData(InterpolateMode.Area, false, false)]
    [InlineData(InterpolateMode.Bilinear, false, true)]
    [InlineData(InterpolateMode.Bicubic, false, true)]
    public void Interpolate(InterpolateMode mode, bool alignCorners, bool antialias)
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        bool? align = mode is InterpolateMode.Bilinear or InterpolateMode.Bicubic ? alignCorners : null;
        GradCheck.Check(x => Functional.Interpolate(x[0], size: [3, 5], mode: mode, alignCorners: align, antialias: antialias), R(1, 2, 6, 4));
        if (!antialias)
            GradCheck.Check(x => Functional.Interpolate(x[0], scaleFactor: [2.0, 1.5], mode: mode, alignCorners: align), R(1, 1, 3, 4));
    }

    [Theory]
    [InlineData(GridSampleMode.Bilinear, GridPaddingMode.Zeros, false)]
    [InlineData(GridSampleMode.Bilinear, GridPaddingMode.Border, true)]
    [InlineData(GridSampleMode.Bilinear, GridPaddingMode.Reflection, false)]
    [InlineData(GridSampleMode.Bicubic, GridPaddingMode.Zeros, false)]
    public void Grid_sample_and_affine_grid(GridSampleMode mode, GridPaddingMode padding, bool align)
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        // Irregular values keep sample points off pixel centres and borders, where bilinear sampling has kinks.
        using var theta = Tensor.From([0.913, 0.107, 0.0531, -0.213, 1.087, 0.0917], 1, 2, 3);
        using var grid = Functional.AffineGrid(theta, [1, 1, 4, 5], align);
        GradCheck.Check(x => Functional.GridSample(x[0], grid, mode, padding, align), R(1, 2, 4, 5));
        GradCheck.Check(x => Functional.GridSample(x[1], Functional.AffineGrid(x[0], [1, 2, 3, 3], align), mode, padding, align),
            1e-4, 1e-3, theta, R(1, 2, 4, 5));
    }

    [Theory]
    [InlineData(PadMode.Constant)]
    [InlineData(PadMode.Reflect)]
    [InlineData(PadMode.Replicate)]
    [InlineData(PadMode.Circular)]
    public void Pad(PadMode mode)
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        GradCheck.Check(x => Functional.Pad(x[0], [1, 2, 2, 1], mode, 0.5), R(1, 2, 3, 4));
    }

    [Fact]
    public void Multihead_attention_with_causal_mask()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var mask = CausalMask(3);
        // nn.MultiheadAttention's self-attention as CLIP runs it (ClipAttention.SelfAttend): packed in-projection, core,
        // out-projection; every input and weight checked
        GradCheck.Check(x => Functional.Linear(Functional.SelfAttention(Functional.Linear(x[0], x[1], x[2]), 2, mask).View(6, 4), x[3], x[4]),
            R(3, 2, 4), RandFrom(8, [12, 4]), RandFrom(9, [12]), RandFrom(10, [4, 4]), RandFrom(11, [4]));
    }

    internal static Tensor CausalMask(long n)
    {
        var values = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++) values[i * n + j] = double.NegativeInfinity;
        return Tensor.From(values, n, n);
    }
}
