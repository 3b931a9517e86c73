using Pytti.Torch.Ops;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Torch.Tests;

public class GridSamplingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Bicubic_grid_sampling_with_border_padding_is_ATen_s_bicubic_upsampling_at_the_same_points(bool align)
    {
        // ATen's upsample_bicubic2d uses the same Keys kernel (A = −0.75) and clamps taps to the image, as border padding
        // does: sampling a grid at the points upsampling reads must give its values. An independent check against libtorch.
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var g = new torch.Generator(3);
        var (h, w, oh, ow) = (6L, 7L, 11L, 13L);
        var x = torch.rand([1, 2, h, w], torch.float64, generator: g);
        var upsampled = F.interpolate(x, [oh, ow], mode: torch.InterpolationMode.Bicubic, align_corners: align);
        double Source(long i, long input, long output) =>
            align ? i * (input - 1.0) / (output - 1.0) : (i + 0.5) * input / output - 0.5;   // ATen's source index for cubic
        double Normalised(double pixel, long size) => align ? 2 * pixel / (size - 1) - 1 : (2 * pixel + 1) / size - 1;
        var points = new double[oh * ow * 2];
        for (var r = 0; r < oh; r++)
            for (var c = 0; c < ow; c++)
            {
                points[(r * ow + c) * 2] = Normalised(Source(c, w, ow), w);
                points[(r * ow + c) * 2 + 1] = Normalised(Source(r, h, oh), h);
            }
        var grid = torch.tensor(points, [1, oh, ow, 2]);
        var sampled = x.GridSample(grid, GridSampleMode.Bicubic, torch.GridSamplePaddingMode.Border, align);
        Assert.True(upsampled.allclose(sampled, rtol: 0, atol: 1e-9), "bicubic sampling differs from ATen's bicubic upsampling by more than 1e-9");

        var bilinear = x.GridSample(grid, GridSampleMode.Bilinear, torch.GridSamplePaddingMode.Border, align);
        Assert.True((sampled - bilinear).abs().max().item<double>() > 1e-3, "bicubic sampling gave bilinear's values");
    }

    [Fact]
    public void Bicubic_padding_modes_fill_outside_the_image_as_ATen_does()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.full([1, 1, 4, 4], 2.0, torch.float64);
        var far = torch.tensor(new[] { 5.0, 5.0, -4.0, 0.0 }, [1, 1, 2, 2]);     // far outside on both sides
        double[] Sample(torch.GridSamplePaddingMode padding) => x.GridSample(far, GridSampleMode.Bicubic, padding).data<double>().ToArray();
        Assert.Equal([0.0, 0.0], Sample(torch.GridSamplePaddingMode.Zeros));
        Assert.Equal([2.0, 2.0], Sample(torch.GridSamplePaddingMode.Border), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([2.0, 2.0], Sample(torch.GridSamplePaddingMode.Reflection), (a, b) => Math.Abs(a - b) < 1e-12);
    }
}
