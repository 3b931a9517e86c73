using Pytti.Torch.Ops;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Torch.Tests;

/// <summary>Forward values of the resampling and padding the engine uses against analytic expectations.</summary>
public class FunctionalTests
{
    private static torch.Tensor Ramp(long h, long w)
    {
        // value = column index: a linear ramp along x
        var values = new float[h * w];
        for (var i = 0; i < values.Length; i++) values[i] = i % w;
        return torch.tensor(values, [1, 1, h, w]);
    }

    private static torch.Tensor Identity(int n) =>
        torch.tensor(Enumerable.Repeat(new[] { 1f, 0f, 0f, 0f, 1f, 0f }, n).SelectMany(v => v).ToArray(), [n, 2, 3]);

    [Fact]
    public void Bilinear_with_aligned_corners_reproduces_a_linear_ramp_exactly()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var up = F.interpolate(Ramp(2, 3), [2, 5], mode: torch.InterpolationMode.Bilinear, align_corners: true);
        TensorAssert.Close([0f, 0.5f, 1f, 1.5f, 2f, 0f, 0.5f, 1f, 1.5f, 2f], TensorAssert.Floats(up), 1e-6);
    }

    [Fact]
    public void Nearest_doubles_pixels_and_area_averages_blocks()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1f, 2f, 3f, 4f }, [1, 1, 2, 2]);
        var up = F.interpolate(x, scale_factor: [2.0, 2.0], mode: torch.InterpolationMode.Nearest, recompute_scale_factor: false);
        Assert.Equal([1f, 1f, 2f, 2f, 1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f, 3f, 3f, 4f, 4f], TensorAssert.Floats(up));
        var down = F.adaptive_avg_pool2d(up, [1, 1]);   // area resizing
        Assert.Equal([2.5f], TensorAssert.Floats(down));
    }

    [Fact]
    public void Antialiased_downsampling_of_a_constant_stays_constant()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.full([1, 3, 17, 23], 0.25);
        foreach (var mode in new[] { torch.InterpolationMode.Bilinear, torch.InterpolationMode.Bicubic })
        {
            var down = F.interpolate(x, [5, 7], mode: mode, align_corners: false, antialias: true);
            TensorAssert.Close(Enumerable.Repeat(0.25f, 3 * 5 * 7).ToArray(), TensorAssert.Floats(down), 1e-6);
        }
    }

    [Fact]
    public void Identity_affine_grid_samples_the_input_back()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 2, 4, 5);
        foreach (var align in new[] { false, true })
        {
            var grid = F.affine_grid(Identity(1), [1, 2, 4, 5], align);
            TensorAssert.Close(x, x.GridSample(grid, alignCorners: align), 1e-5);
        }
    }

    [Theory]
    [InlineData(GridSampleMode.Nearest)]
    [InlineData(GridSampleMode.Bicubic)]
    public void Identity_grids_sample_the_input_back_in_every_mode_and_padding(GridSampleMode mode)
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 3, 5, 6);
        foreach (var padding in new[] { torch.GridSamplePaddingMode.Zeros, torch.GridSamplePaddingMode.Border, torch.GridSamplePaddingMode.Reflection })
            foreach (var align in new[] { false, true })
            {
                var grid = F.affine_grid(Identity(2), [2, 3, 5, 6], align);
                TensorAssert.Close(x, x.GridSample(grid, mode, padding, align), 1e-5);
            }
    }

    [Fact]
    public void Nearest_grid_sampling_returns_input_values_only()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1f, 2f, 3f, 4f }, [1, 1, 2, 2]);
        var theta = torch.tensor(new[] { 0.7f, 0.1f, 0.05f, -0.2f, 0.9f, 0.1f }, [1, 2, 3]);
        var grid = F.affine_grid(theta, [1, 1, 7, 7]);
        var y = x.GridSample(grid, GridSampleMode.Nearest, torch.GridSamplePaddingMode.Border);
        Assert.All(TensorAssert.Floats(y), v => Assert.Contains(v, new[] { 1f, 2f, 3f, 4f }));
        var bilinear = x.GridSample(grid, GridSampleMode.Bilinear, torch.GridSamplePaddingMode.Border);
        Assert.Contains(TensorAssert.Floats(bilinear), v => v is not (1f or 2f or 3f or 4f));
    }

    [Theory]
    [InlineData(PaddingModes.Constant, new float[] { 9, 9, 1, 2, 3, 9 })]
    [InlineData(PaddingModes.Reflect, new float[] { 3, 2, 1, 2, 3, 2 })]
    [InlineData(PaddingModes.Replicate, new float[] { 1, 1, 1, 2, 3, 3 })]
    [InlineData(PaddingModes.Circular, new float[] { 2, 3, 1, 2, 3, 1 })]
    public void Pad_modes_fill_as_pytorch_does(PaddingModes mode, float[] expected)
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1f, 2f, 3f }, [1, 1, 3]);
        Assert.Equal(expected, TensorAssert.Floats(F.pad(x, [2, 1], mode, mode == PaddingModes.Constant ? 9 : 0)));
    }

    [Fact]
    public void Normalize_gives_unit_rows_and_conv_matches_a_hand_sum()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var rows = F.normalize(torch.tensor(new[] { 3f, 4f, 0f, 5f }, [2, 2]), dim: 1);
        TensorAssert.Close([0.6f, 0.8f, 0f, 1f], TensorAssert.Floats(rows), 1e-7);
        var image = torch.tensor(new[] { 1f, 2f, 3f, 4f }, [1, 1, 2, 2]);
        var kernel = torch.ones(1, 1, 2, 2);
        Assert.Equal([10f], TensorAssert.Floats(F.conv2d(image, kernel)));
    }
}
