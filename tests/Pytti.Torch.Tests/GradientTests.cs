using Pytti.Torch.Ops;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Torch.Tests;

/// <summary>Finite-difference gradient checks (float64) of every differentiable operator the engine and models use.</summary>
public class GradientTests
{
    private static torch.Tensor R(params long[] shape) => RandFrom(7, shape);

    private static torch.Tensor RandFrom(ulong seed, long[] shape)
    {
        using var g = new torch.Generator(seed);
        return torch.randn(shape, torch.float64, generator: g);
    }

    private static torch.Tensor Positive(params long[] shape)
    {
        using var g = new torch.Generator(11);
        using var u = torch.rand(shape, torch.float64, generator: g);
        return u + 0.5;
    }

    public static TheoryData<string> UnaryCases() =>
    [
        "neg", "abs", "exp", "log", "sqrt", "rsqrt", "sin", "cos", "tanh", "sigmoid", "asin", "atan", "pow2.5", "reciprocal",
        "relu", "gelu", "gelu_tanh", "silu", "swish", "leaky_relu", "softmax", "log_softmax", "sum", "mean", "norm", "norm1", "std",
        "var", "logsumexp", "cumsum", "clamp", "max_dim", "amax", "normalize", "square", "flip", "roll", "permute", "transpose",
        "expand", "narrow", "slice", "select", "squeeze_unsqueeze", "flatten", "reshape", "repeat", "split_cat", "chunk_stack",
        "unbind", "index_select", "gather", "index", "where", "masked_fill", "lerp", "atan2", "scalar_div",
    ];

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Elementwise_reductions_and_views(string op)
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var idx = torch.tensor(new[] { 2L, 0L, 1L });
        var gidx = torch.tensor(new[] { 0L, 2L, 1L, 1L, 0L, 2L }, [2, 3]);
        var mask = torch.tensor(new[] { true, false, true, false, false, true }, [2, 3]);
        var other = RandFrom(3, [2, 3]);
        var f = Unary(op, idx, gidx, mask, other);
        GradCheck.Check(x => f(x[0]), R(2, 3));
    }

    private static Func<torch.Tensor, torch.Tensor> Unary(string op, torch.Tensor idx, torch.Tensor gidx, torch.Tensor mask, torch.Tensor other) => op switch
    {
        "neg" => x => -x,
        "abs" => x => x.abs(),
        "exp" => x => x.exp(),
        "log" => x => x.abs().log(),
        "sqrt" => x => x.abs().sqrt(),
        "rsqrt" => x => x.abs().rsqrt(),
        "sin" => x => x.sin(),
        "cos" => x => x.cos(),
        "tanh" => x => x.tanh(),
        "sigmoid" => x => x.sigmoid(),
        "asin" => x => (x * 0.3).asin(),
        "atan" => x => x.atan(),
        "pow2.5" => x => x.abs().pow(2.5),
        "reciprocal" => x => x.abs().reciprocal(),
        "relu" => x => F.relu(x),
        "gelu" => x => F.gelu(x),
        "gelu_tanh" => x => F.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        "silu" => x => F.silu(x),
        "swish" => x => Swish.Apply(x, 1.702),
        "leaky_relu" => x => F.leaky_relu(x, 0.2),
        "softmax" => x => F.softmax(x, -1),
        "log_softmax" => x => F.log_softmax(x, 0),
        "sum" => x => x.sum([1], keepdim: true),
        "mean" => x => x.mean([0]),
        "norm" => x => torch.linalg.vector_norm(x, 2, [1]),
        "norm1" => x => torch.linalg.vector_norm(x, 1),
        "std" => x => x.std([1]),
        "var" => x => x.var([0], unbiased: false),
        "logsumexp" => x => x.logsumexp(1),
        "cumsum" => x => x.cumsum(1),
        "clamp" => x => x.clamp(-0.5, 0.5),
        "max_dim" => x => x.max(1).values,
        "amax" => x => x.amax([0]),
        "normalize" => x => F.normalize(x, 2, -1),
        "square" => x => x.square(),
        "flip" => x => x.flip(0, 1) * other,
        "roll" => x => x.roll([1], [1]) * other,
        "permute" => x => x.permute(1, 0).contiguous(),
        "transpose" => x => x.transpose(0, 1) * 2.0,
        "expand" => x => x.narrow(0, 0, 1).expand(4, 3),
        "narrow" => x => x.narrow(1, 1, 2),
        "slice" => x => x.index(torch.TensorIndex.Colon, torch.TensorIndex.Slice(0, null, 2)),
        "select" => x => x.select(1, 2),
        "squeeze_unsqueeze" => x => x.unsqueeze(0).squeeze(0),
        "flatten" => x => x.flatten(),
        "reshape" => x => x.reshape(3, 2),
        "repeat" => x => x.repeat(2, 1),
        "split_cat" => x => torch.cat(x.split(1, 1).Reverse().ToArray(), 1),
        "chunk_stack" => x => torch.stack(x.chunk(2, 0), 2),
        "unbind" => x => x.unbind(1)[1],
        "index_select" => x => x.index_select(1, idx),
        "gather" => x => x.gather(1, gidx),
        "index" => x => x.index(torch.TensorIndex.Colon, torch.TensorIndex.Tensor(idx)),
        "where" => x => torch.where(mask, x, other),
        "masked_fill" => x => x.masked_fill(mask, 3.0),
        "lerp" => x => x.Lerp(other, 0.3),
        "atan2" => x => x.atan2(other),
        "scalar_div" => x => (x.abs() + 1.0).reciprocal() * 2.0,
        _ => throw new ArgumentException(op),
    };

    [Fact]
    public void Linear_matmul_bmm_baddbmm_einsum()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        GradCheck.Check(x => F.linear(x[0], x[1], x[2]), R(4, 3), R(5, 3), R(5));
        GradCheck.Check(x => torch.matmul(x[0], x[1]), R(2, 4, 3), R(3, 2));
        GradCheck.Check(x => torch.bmm(x[0], x[1]), R(2, 4, 3), R(2, 3, 2));
        GradCheck.Check(x => BatchedProducts.BaddBmm(x[0], x[1], x[2]), R(2, 4, 2), R(2, 4, 3), R(2, 3, 2));
        GradCheck.Check(x => BatchedProducts.BaddBmm(x[0], x[1], x[2], beta: 0.5, alpha: -2), R(2, 4, 2), R(2, 4, 3), R(2, 3, 2));
        GradCheck.Check(x => torch.einsum("bij,bjk->bik", x[0], x[1]), R(2, 3, 2), R(2, 2, 4));
    }

    [Fact]
    public void Convolutions_and_pooling()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        GradCheck.Check(x => F.conv2d(x[0], x[1], x[2], [2, 2], [1, 1]), R(1, 2, 5, 5), R(3, 2, 3, 3), R(3));
        GradCheck.Check(x => F.conv2d(x[0], x[1], null, groups: 2), R(1, 4, 4, 4), R(4, 2, 2, 2));
        GradCheck.Check(x => F.conv_transpose2d(x[0], x[1], x[2], [2, 2], [1, 1], [1, 1]), R(1, 2, 3, 3), R(2, 3, 3, 3), R(3));
        GradCheck.Check(x => F.max_pool2d(x[0], [2, 2]), R(1, 2, 4, 4));
        GradCheck.Check(x => F.avg_pool2d(x[0], [2, 2], [1, 1]), R(1, 2, 4, 4));
        GradCheck.Check(x => F.adaptive_avg_pool2d(x[0], [2, 3]), R(1, 2, 5, 7));
    }

    [Fact]
    public void Normalisations_and_embedding()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        GradCheck.Check(x => F.layer_norm(x[0], [4], x[1], x[2]), R(3, 4), R(4), R(4));
        GradCheck.Check(x => F.group_norm(x[0], 2, x[1], x[2]), R(2, 4, 3, 3), R(4), R(4));
        var mean = R(3);
        var variance = Positive(3);
        GradCheck.Check(x => F.batch_norm(x[0], mean, variance, x[1], x[2]), R(2, 3, 2, 2), R(3), R(3));
        var ids = torch.tensor(new[] { 1L, 0L, 3L, 1L }, [2, 2]);
        GradCheck.Check(x => x[0].index_select(0, ids.flatten()).view(2, 2, 3), R(4, 3));   // an embedding lookup
    }

    [Theory]
    [InlineData(torch.InterpolationMode.Nearest, false, false)]
    [InlineData(torch.InterpolationMode.Bilinear, false, false)]
    [InlineData(torch.InterpolationMode.Bilinear, true, false)]
    [InlineData(torch.InterpolationMode.Bicubic, false, false)]
    [InlineData(torch.InterpolationMode.Bicubic, true, false)]
    [InlineData(torch.InterpolationMode.Area, false, false)]
    [InlineData(torch.InterpolationMode.Bilinear, false, true)]
    [InlineData(torch.InterpolationMode.Bicubic, false, true)]
    public void Interpolate(torch.InterpolationMode mode, bool alignCorners, bool antialias)
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        bool? align = mode is torch.InterpolationMode.Bilinear or torch.InterpolationMode.Bicubic ? alignCorners : null;
        GradCheck.Check(x => Resize(x[0], [3, 5], null, mode, align, antialias), R(1, 2, 6, 4));
        if (!antialias)
            GradCheck.Check(x => Resize(x[0], null, [2.0, 1.5], mode, align, false), R(1, 1, 3, 4));
    }

    // Area resizing is adaptive average pooling to the (scaled) size, as in PyTorch's F.interpolate.
    private static torch.Tensor Resize(torch.Tensor x, long[]? size, double[]? scale, torch.InterpolationMode mode, bool? align, bool antialias) =>
        mode == torch.InterpolationMode.Area
            ? F.adaptive_avg_pool2d(x, size ?? [(long)Math.Floor(x.shape[2] * scale![0]), (long)Math.Floor(x.shape[3] * scale[1])])
            : F.interpolate(x, size, scale, mode, align, recompute_scale_factor: false, antialias: antialias);

    [Theory]
    [InlineData(GridSampleMode.Bilinear, torch.GridSamplePaddingMode.Zeros, false)]
    [InlineData(GridSampleMode.Bilinear, torch.GridSamplePaddingMode.Border, true)]
    [InlineData(GridSampleMode.Bilinear, torch.GridSamplePaddingMode.Reflection, false)]
    [InlineData(GridSampleMode.Bicubic, torch.GridSamplePaddingMode.Zeros, false)]
    public void Grid_sample_and_affine_grid(GridSampleMode mode, torch.GridSamplePaddingMode padding, bool align)
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        // Irregular values keep sample points off pixel centres and borders, where bilinear sampling has kinks.
        var theta = torch.tensor(new[] { 0.913, 0.107, 0.0531, -0.213, 1.087, 0.0917 }, [1, 2, 3]);
        var grid = F.affine_grid(theta, [1, 1, 4, 5], align);
        GradCheck.Check(x => x[0].GridSample(grid, mode, padding, align), R(1, 2, 4, 5));
        GradCheck.Check(x => x[1].GridSample(F.affine_grid(x[0], [1, 2, 3, 3], align), mode, padding, align),
            1e-4, 1e-3, theta, R(1, 2, 4, 5));
    }

    [Theory]
    [InlineData(PaddingModes.Constant)]
    [InlineData(PaddingModes.Reflect)]
    [InlineData(PaddingModes.Replicate)]
    [InlineData(PaddingModes.Circular)]
    public void Pad(PaddingModes mode)
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        GradCheck.Check(x => F.pad(x[0], [1, 2, 2, 1], mode, mode == PaddingModes.Constant ? 0.5 : 0), R(1, 2, 3, 4));
    }

    [Fact]
    public void Multihead_attention_with_causal_mask()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var mask = CausalMask(3);
        // nn.MultiheadAttention's self-attention as CLIP runs it (ClipAttention): packed in-projection, core,
        // out-projection; every input and weight checked
        GradCheck.Check(x => F.linear(Attention.SelfAttention(F.linear(x[0], x[1], x[2]), 2, mask).view(6, 4), x[3], x[4]),
            R(3, 2, 4), RandFrom(8, [12, 4]), RandFrom(9, [12]), RandFrom(10, [4, 4]), RandFrom(11, [4]));
    }

    /// <summary>CLIP's additive causal mask [n, n] in float64: −∞ above the diagonal.</summary>
    internal static torch.Tensor CausalMask(long n)
    {
        var values = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++) values[i * n + j] = double.NegativeInfinity;
        return torch.tensor(values, [n, n]);
    }
}
