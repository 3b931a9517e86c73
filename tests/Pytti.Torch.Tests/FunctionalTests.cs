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
