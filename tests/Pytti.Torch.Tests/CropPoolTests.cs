using Pytti.Torch.Ops;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Torch.Tests;

/// <summary>
/// <see cref="CropPool.CropAdaptiveAvgPool2d"/> (the cutout sampler's crops; a C# kernel in a TorchSharp autograd function) against what it replaces: a slice per box,
/// ATen's adaptive_avg_pool2d and a cat. The forward must match bit for bit; the backward, which writes one gradient
/// image instead of adding one per box, to 1e-6 and the same bits on every run whatever the thread count.
/// </summary>
public class CropPoolTests
{
    private static readonly Dictionary<string, (long C, long H, long W, long[] Size, CropBox[] Boxes)> Sets = new()
    {
        ["box equal to the output"] = (3, 40, 50, [8, 8], [new(0, 0, 8, 8), new(5, 17, 8, 8), new(32, 42, 8, 8)]),
        ["larger, divisible"] = (3, 40, 50, [8, 8], [new(0, 0, 16, 16), new(3, 9, 24, 24), new(8, 2, 32, 32), new(0, 0, 40, 48)]),
        ["larger, not divisible"] = (3, 41, 53, [7, 7], [new(1, 2, 13, 13), new(4, 20, 29, 29), new(0, 11, 37, 21), new(2, 0, 39, 53)]),
        ["smaller than the output"] = (3, 20, 20, [10, 10], [new(3, 4, 3, 3), new(0, 0, 7, 4), new(11, 13, 9, 6)]),
        ["at the edges"] = (3, 30, 36, [6, 6], [new(0, 0, 30, 30), new(0, 6, 30, 30), new(18, 24, 12, 12), new(0, 35, 11, 1), new(29, 0, 1, 36)]),
        ["one pixel"] = (3, 12, 12, [4, 4], [new(0, 0, 1, 1), new(11, 11, 1, 1), new(5, 7, 1, 1), new(5, 7, 1, 1)]),
        ["overlapping"] = (3, 32, 32, [5, 5], [new(0, 0, 20, 20), new(2, 3, 20, 20), new(4, 6, 21, 21), new(5, 5, 27, 27), new(0, 0, 32, 32), new(4, 6, 21, 21)]),
        ["one channel"] = (1, 33, 27, [9, 9], [new(0, 0, 27, 27), new(3, 1, 19, 19), new(6, 0, 26, 26), new(30, 20, 3, 7)]),
        ["five channels, far smaller than the output"] = (5, 16, 18, [12, 12], [new(0, 0, 1, 1), new(3, 4, 2, 3), new(10, 11, 6, 7), new(0, 0, 16, 18)]),
        ["rectangular output"] = (3, 30, 40, [5, 9], [new(0, 0, 30, 40), new(7, 3, 11, 23), new(2, 2, 4, 4)]),
        ["cutouts 224 from 512"] = (3, 512, 512, [224, 224], [new(0, 0, 512, 512), new(37, 101, 389, 389), new(200, 3, 224, 224), new(88, 290, 222, 222)]),
    };

    public static TheoryData<string> SetNames => new(Sets.Keys);

    /// <summary>A set's boxes and sizes with a random image that requires a gradient and a random output gradient.</summary>
    private static (torch.Tensor Image, CropBox[] Boxes, long[] Size, torch.Tensor Grad) Case(string set, ulong seed)
    {
        var (c, h, w, size, boxes) = Sets[set];
        using var generator = new torch.Generator(seed);
        var image = (torch.randn([1, c, h, w], generator: generator) * 3).requires_grad_();
        return (image, boxes, size, torch.randn([boxes.Length, c, size[0], size[1]], generator: generator));
    }

    private static torch.Tensor Reference(torch.Tensor image, CropBox[] boxes, long[] size) =>
        torch.cat(boxes.Select(b => F.adaptive_avg_pool2d(Crop(image, b), size)).ToArray());

    private static torch.Tensor Crop(torch.Tensor image, CropBox b) =>
        image.index(torch.TensorIndex.Colon, torch.TensorIndex.Colon,
            torch.TensorIndex.Slice(b.Y, b.Y + b.Height), torch.TensorIndex.Slice(b.X, b.X + b.Width));

    [Theory]
    [MemberData(nameof(SetNames))]
    public void Forward_is_ATen_s_slice_pool_and_cat_bit_for_bit_and_the_gradient_agrees(string set)
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var (image, boxes, size, g) = Case(set, 11);

        var expected = Reference(image, boxes, size);
        expected.Backward(g);
        var expectedGrad = image.grad!.clone();
        image.grad = null;

        var actual = CropPool.CropAdaptiveAvgPool2d(image, boxes, size);
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(TensorAssert.Floats(expected), TensorAssert.Floats(actual));
        actual.Backward(g);
        TensorAssert.Close(expectedGrad, image.grad!, atol: 1e-6, rtol: 1e-6, what: "d/d image");
    }

    [Fact]
    public void The_gradient_has_the_same_bits_on_every_run_and_thread_count()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var (image, boxes, size, g) = Case("overlapping", 12);
        float[] Gradient()
        {
            using var inner = torch.NewDisposeScope();
            CropPool.CropAdaptiveAvgPool2d(image, boxes, size).Backward(g);
            var grad = TensorAssert.Floats(image.grad!);
            image.grad = null;
            return grad;
        }
        var before = torch.get_num_threads();
        try
        {
            var first = Gradient();
            Assert.Equal(first, Gradient());
            torch.set_num_threads(1);
            Assert.Equal(first, Gradient());
            torch.set_num_threads(3);
            Assert.Equal(first, Gradient());
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    [Fact]
    public void Float64_gradient_matches_finite_differences()
    {
        using var guard = new LeakGuard();
        using var generator = new torch.Generator(13);
        using var image = torch.rand([1, 2, 7, 6], generator: generator);
        CropBox[] boxes = [new(0, 0, 7, 6), new(1, 2, 5, 3), new(3, 1, 2, 2), new(6, 5, 1, 1)];
        GradCheck.Check(x => CropPool.CropAdaptiveAvgPool2d(x[0], boxes, [3, 4]), image);
    }

    [Fact]
    public void Gradients_of_the_gradient_match_the_ATen_path()
    {
        // create_graph: the backward is itself differentiable (its gradient is the crop-and-pool again).
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var (image, boxes, size, _) = Case("larger, not divisible", 14);
        using var generator = new torch.Generator(15);
        var v = torch.randn(image.shape, generator: generator);
        torch.Tensor SecondOrder(Func<torch.Tensor> pooled)
        {
            var y = pooled();
            var gy = torch.ones_like(y.detach()).requires_grad_();
            var gx = CheckedAutograd.Grad([y], [image], [gy], createGraph: true)[0]!;
            return CheckedAutograd.Grad([gx], [gy], [v])[0]!;
        }
        var expected = SecondOrder(() => Reference(image, boxes, size));
        var actual = SecondOrder(() => CropPool.CropAdaptiveAvgPool2d(image, boxes, size));
        TensorAssert.Close(expected, actual, atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void A_render_image_takes_the_kernel_and_what_it_does_not_sum_in_ATen_s_order_does_not()
    {
        // Both paths give the same values, so only the choice itself shows a silent fall-back (lost speed).
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        Assert.True(CropPoolKernel.Fits(torch.rand(1, 3, 64, 64), [8, 8]));
        Assert.True(CropPoolKernel.Fits(torch.rand(1, 3, 64, 64, torch.float64), [224, 224]));
        Assert.False(CropPoolKernel.Fits(torch.rand(1, 3, 64, 48).transpose(2, 3), [8, 8]));
        Assert.False(CropPoolKernel.Fits(torch.rand(2, 3, 64, 64), [8, 8]));
        Assert.False(CropPoolKernel.Fits(torch.rand(1, 3, 64, 64).to(torch.bfloat16), [8, 8]));
        Assert.False(CropPoolKernel.Fits(torch.rand(1, 3, 64, 64), [1, 1]));
    }

    [Fact]
    public void Inputs_outside_the_native_operator_take_ATen_s_path_with_the_same_result()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(15);
        CropBox[] boxes = [new(0, 0, 9, 9), new(2, 5, 6, 4)];
        var transposed = torch.rand([1, 3, 12, 10], generator: generator).transpose(2, 3);   // not contiguous
        var batch = torch.rand([2, 3, 10, 12], generator: generator);                        // N = 2
        var bf16 = torch.rand([1, 3, 10, 12], generator: generator).to(torch.bfloat16);       // another dtype
        var single = batch.narrow(0, 0, 1).contiguous();
        foreach (var (image, size) in new[] { (transposed, new long[] { 4, 4 }), (batch, [4, 4]), (bf16, [4, 4]), (single, [1, 1]) })
        {
            var expected = Reference(image, boxes, size);
            var actual = CropPool.CropAdaptiveAvgPool2d(image, boxes, size);
            Assert.Equal(expected.shape, actual.shape);
            Assert.Equal(TensorAssert.Values(expected), TensorAssert.Values(actual));
        }
    }

    [Theory]
    [InlineData(-1, 0, 4, 4)]
    [InlineData(0, -2, 4, 4)]
    [InlineData(7, 0, 4, 4)]
    [InlineData(0, 9, 4, 4)]
    [InlineData(0, 0, 0, 4)]
    [InlineData(0, 0, 4, 0)]
    [InlineData(0, 0, 11, 3)]
    public void Boxes_empty_or_outside_the_image_fail_clearly(long y, long x, long height, long width)
    {
        using var guard = new LeakGuard();
        using var image = torch.rand(1, 3, 10, 12);
        var e = Assert.Throws<TorchException>(() => CropPool.CropAdaptiveAvgPool2d(image, [new(0, 0, 10, 12), new(y, x, height, width)], [4, 4]));
        Assert.Contains("box 1", e.Message);
        Assert.Contains("not inside the 10x12 image", e.Message);
    }

    [Fact]
    public void Bad_shapes_fail_clearly()
    {
        using var guard = new LeakGuard();
        using var image = torch.rand(1, 3, 10, 12);
        using var flat = torch.rand(3, 10, 12);
        Assert.Contains("no boxes", Assert.Throws<TorchException>(() => CropPool.CropAdaptiveAvgPool2d(image, [], [4, 4])).Message);
        Assert.Contains("[N, C, H, W]", Assert.Throws<TorchException>(() => CropPool.CropAdaptiveAvgPool2d(flat, [new(0, 0, 2, 2)], [4, 4])).Message);
        Assert.Contains("positive", Assert.Throws<TorchException>(() => CropPool.CropAdaptiveAvgPool2d(image, [new(0, 0, 2, 2)], [0, 4])).Message);
        Assert.Throws<ArgumentException>(() => CropPool.CropAdaptiveAvgPool2d(image, [new(0, 0, 2, 2)], [4]));
    }
}
