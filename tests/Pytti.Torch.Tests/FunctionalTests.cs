using Pytti.Torch;

namespace Pytti.Torch.Tests;

/// <summary>Forward values of resampling and padding against analytic expectations.</summary>
public class FunctionalTests
{
    private static Tensor Ramp(long h, long w)
    {
        // value = column index: a linear ramp along x
        var values = new float[h * w];
        for (var i = 0; i < values.Length; i++) values[i] = i % w;
        return Tensor.From(values, 1, 1, h, w);
    }

    [Fact]
    public void Bilinear_with_aligned_corners_reproduces_a_linear_ramp_exactly()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var up = Functional.Interpolate(Ramp(2, 3), size: [2, 5], mode: InterpolateMode.Bilinear, alignCorners: true);
        TensorAssert.Close([0f, 0.5f, 1f, 1.5f, 2f, 0f, 0.5f, 1f, 1.5f, 2f], up.ToArray<float>(), 1e-6);
    }

    [Fact]
    public void Nearest_doubles_pixels_and_area_averages_blocks()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.From([1f, 2f, 3f, 4f], 1, 1, 2, 2);
        var up = Functional.Interpolate(x, scaleFactor: [2.0, 2.0]);
        Assert.Equal([1f, 1f, 2f, 2f, 1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f, 3f, 3f, 4f, 4f], up.ToArray<float>());
        var down = Functional.Interpolate(up, size: [1, 1], mode: InterpolateMode.Area);
        Assert.Equal([2.5f], down.ToArray<float>());
        Assert.Throws<ArgumentException>(() => Functional.Interpolate(x, size: [1, 1], mode: InterpolateMode.Nearest, alignCorners: true));
    }

    [Fact]
    public void Antialiased_downsampling_of_a_constant_stays_constant()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.Full([1, 3, 17, 23], 0.25);
        foreach (var mode in new[] { InterpolateMode.Bilinear, InterpolateMode.Bicubic })
        {
            var down = Functional.Interpolate(x, size: [5, 7], mode: mode, antialias: true);
            TensorAssert.Close(Enumerable.Repeat(0.25f, 3 * 5 * 7).ToArray(), down.ToArray<float>(), 1e-6);
        }
    }

    [Fact]
    public void Identity_affine_grid_samples_the_input_back()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.RandN([1, 2, 4, 5]);
        var theta = Tensor.From([1f, 0f, 0f, 0f, 1f, 0f], 1, 2, 3);
        foreach (var align in new[] { false, true })
        {
            var grid = Functional.AffineGrid(theta, [1, 2, 4, 5], align);
            var y = Functional.GridSample(x, grid, alignCorners: align);
            TensorAssert.Close(x, y, 1e-5);
        }
    }

    [Theory]
    [InlineData(GridSampleMode.Nearest)]
    [InlineData(GridSampleMode.Bicubic)]
    public void Identity_grids_sample_the_input_back_in_every_mode_and_padding(GridSampleMode mode)
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.RandN([2, 3, 5, 6]);
        var theta = Tensor.From([1f, 0f, 0f, 0f, 1f, 0f, 1f, 0f, 0f, 0f, 1f, 0f], 2, 2, 3);
        foreach (var padding in new[] { GridPaddingMode.Zeros, GridPaddingMode.Border, GridPaddingMode.Reflection })
            foreach (var align in new[] { false, true })
            {
                var grid = Functional.AffineGrid(theta, [2, 3, 5, 6], align);
                TensorAssert.Close(x, Functional.GridSample(x, grid, mode, padding, align), 1e-5);
            }
    }

    [Fact]
    public void Nearest_grid_sampling_returns_input_values_only()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.From([1f, 2f, 3f, 4f], 1, 1, 2, 2);
        var theta = Tensor.From([0.7f, 0.1f, 0.05f, -0.2f, 0.9f, 0.1f], 1, 2, 3);
        var grid = Functional.AffineGrid(theta, [1, 1, 7, 7]);
        var y = Functional.GridSample(x, grid, GridSampleMode.Nearest, GridPaddingMode.Border);
        Assert.All(y.ToArray<float>(), v => Assert.Contains(v, new[] { 1f, 2f, 3f, 4f }));
        var bilinear = Functional.GridSample(x, grid, GridSampleMode.Bilinear, GridPaddingMode.Border);
        Assert.Contains(bilinear.ToArray<float>(), v => v is not (1f or 2f or 3f or 4f));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Bicubic_grid_sampling_with_border_padding_is_ATen_s_bicubic_upsampling_at_the_same_points(bool align)
    {
        // ATen's upsample_bicubic2d uses the same Keys kernel (A = −0.75) and clamps taps to the image, as border padding
        // does: sampling a grid at the points upsampling reads must give its values. An independent check against libtorch.
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        using var g = new Generator(3);
        var (h, w, oh, ow) = (6L, 7L, 11L, 13L);
        var x = Tensor.Rand([1, 2, h, w], g, DType.Float64);
        var upsampled = Functional.Interpolate(x, size: [oh, ow], mode: InterpolateMode.Bicubic, alignCorners: align);
        double Source(long i, long input, long output) =>
            align ? i * (input - 1.0) / (output - 1.0) : (i + 0.5) * input / output - 0.5;   // ATen's source index for cubic
        double Normalised(double pixel, long size) => align ? 2 * pixel / (size - 1) - 1 : (2 * pixel + 1) / size - 1;
        var grid = new double[oh * ow * 2];
        for (var r = 0; r < oh; r++)
            for (var c = 0; c < ow; c++)
            {
                grid[(r * ow + c) * 2] = Normalised(Source(c, w, ow), w);
                grid[(r * ow + c) * 2 + 1] = Normalised(Source(r, h, oh), h);
            }
        var sampled = Functional.GridSample(x, Tensor.From(grid, 1, oh, ow, 2), GridSampleMode.Bicubic, GridPaddingMode.Border, align);
        TensorAssert.Close(upsampled, sampled, 1e-9);

        var bilinear = Functional.GridSample(x, Tensor.From(grid, 1, oh, ow, 2), GridSampleMode.Bilinear, GridPaddingMode.Border, align);
        Assert.True((sampled - bilinear).Abs().Max().Item() > 1e-3, "bicubic sampling gave bilinear's values");
    }

    [Fact]
    public void Bicubic_padding_modes_fill_outside_the_image_as_ATen_does()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.Full([1, 1, 4, 4], 2.0, DType.Float64);
        var far = Tensor.From([5.0, 5.0, -4.0, 0.0], 1, 1, 2, 2);     // far outside on both sides
        var zeros = Functional.GridSample(x, far, GridSampleMode.Bicubic, GridPaddingMode.Zeros).ToArray<double>();
        var border = Functional.GridSample(x, far, GridSampleMode.Bicubic, GridPaddingMode.Border).ToArray<double>();
        var reflect = Functional.GridSample(x, far, GridSampleMode.Bicubic, GridPaddingMode.Reflection).ToArray<double>();
        Assert.Equal([0.0, 0.0], zeros);
        Assert.Equal([2.0, 2.0], border, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([2.0, 2.0], reflect, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Theory]
    [InlineData(PadMode.Constant, new float[] { 9, 9, 1, 2, 3, 9 })]
    [InlineData(PadMode.Reflect, new float[] { 3, 2, 1, 2, 3, 2 })]
    [InlineData(PadMode.Replicate, new float[] { 1, 1, 1, 2, 3, 3 })]
    [InlineData(PadMode.Circular, new float[] { 2, 3, 1, 2, 3, 1 })]
    public void Pad_modes_fill_as_pytorch_does(PadMode mode, float[] expected)
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.From([1f, 2f, 3f], 1, 1, 3);
        Assert.Equal(expected, Functional.Pad(x, [2, 1], mode, 9).ToArray<float>());
    }

    [Fact]
    public void Normalize_gives_unit_rows_and_conv_matches_a_hand_sum()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var rows = Functional.Normalize(Tensor.From([3f, 4f, 0f, 5f], 2, 2), dim: 1);
        TensorAssert.Close([0.6f, 0.8f, 0f, 1f], rows.ToArray<float>(), 1e-7);
        var image = Tensor.From([1f, 2f, 3f, 4f], 1, 1, 2, 2);
        var kernel = Tensor.Ones([1, 1, 2, 2]);
        Assert.Equal([10f], Functional.Conv2d(image, kernel).ToArray<float>());
    }
}
