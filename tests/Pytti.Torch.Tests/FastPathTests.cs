namespace Pytti.Torch.Tests;

/// <summary>
/// The bridge's own kernels agree with ATen to fp32 rounding (or bit for bit), so a silent fall-back to ATen would pass
/// every numeric test and only show as lost speed. These tests read the autograd node that made each result
/// (PyTorch's grad_fn) to see which path ran: fp32 CPU inputs take the fast kernels, others ATen.
/// </summary>
public class FastPathTests
{
    public static TheoryData<string, string> FastPaths() => new()
    {
        { "linear, frozen weight", "OnednnLinear" },
        { "batched product", "OnednnBmm" },
        { "QuickGELU", "OnednnSwish" },
        { "cutouts", "CropPool" },
        { "self-attention", "FusedSelfAttention" },
    };

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void Fp32_CPU_inputs_take_the_bridge_s_kernel(string what, string node)
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var y = Run(what, DType.Float32);
        Assert.Contains(node, y.GradFnName);
    }

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void What_the_kernels_do_not_cover_takes_ATen_s_operators(string what, string node)
    {
        // float64, except for cutouts, whose kernel is exact in float64 too: there a batch of two images falls back
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var y = what == "cutouts" ? Run(what, DType.Float32, batch: 2) : Run(what, DType.Float64);
        Assert.NotNull(y.GradFnName);
        Assert.DoesNotContain(node, y.GradFnName);
    }

    [Fact]
    public void Leaves_and_tensors_made_without_gradients_have_no_node()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var leaf = Tensor.Ones([2, 2]).RequiresGrad_();
        Assert.Null(leaf.GradFnName);
        Assert.Null((Tensor.Ones([2, 2]) * 2).GradFnName);
        Assert.Equal("MulBackward0", (leaf * leaf).GradFnName);
    }

    private static Tensor Run(string what, DType dtype, long batch = 1)
    {
        using var generator = new Generator(41);
        Tensor Input(params long[] shape) => Tensor.RandN(shape, generator).To(dtype).RequiresGrad_();
        return what switch
        {
            "linear, frozen weight" => Functional.Linear(Input(6, 8), Tensor.RandN([4, 8], generator).To(dtype)),
            "batched product" => Functional.Bmm(Input(2, 3, 5), Input(2, 5, 4)),
            "QuickGELU" => Functional.Swish(Input(5, 7), 1.702),
            "cutouts" => Functional.CropAdaptiveAvgPool2d(Input(batch, 3, 16, 16), [new CropBox(0, 0, 12, 12), new CropBox(4, 2, 9, 9)], [4, 4]),
            "self-attention" => Functional.SelfAttention(Input(5, 2, 3 * 8), 2),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
    }
}
