using Pytti.Engine.Animation;
using Pytti.Engine.ImageModels;
using Pytti.Torch;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>PyTTI's zoom_2d (reference 8.1) and infill modes (reference 8) against analytic warps.</summary>
public class Animation2DTransformTests
{
    private static readonly Resampling BilinearBlack = new(GridSampleMode.Bilinear, InfillMode.Black);

    private static torch.Tensor Random(long h, long w, ulong seed = 5)
    {
        using var generator = new torch.Generator(seed);
        return torch.rand([1, 3, h, w], generator: generator);
    }

    private static float MaxAbsDiff(torch.Tensor a, torch.Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return (float)(a - b).abs().max().ToDouble();
    }

    /// <summary>Ramp with value (x+1)/2 along x (columns) or y (rows) in align_corners coordinates: [1,1,h,w].</summary>
    private static torch.Tensor Ramp(long h, long w, bool alongX)
    {
        using var scope = torch.NewDisposeScope();
        var r = alongX ? torch.linspace(0, 1, w).view(1, 1, 1, w) : torch.linspace(0, 1, h).view(1, 1, h, 1);
        return (r * torch.ones([1, 1, h, w])).MoveToOuterDisposeScope();
    }

    [Fact]
    public void A_rotation_by_90_degrees_of_a_square_image_is_a_transpose_and_flip_counter_clockwise()
    {
        using var scope = torch.NewDisposeScope();
        var image = Random(8, 8);
        var rotated = new Transform2D(0, 0, 90, 0, 0).Apply(image, BilinearBlack);
        var expected = image.transpose(2, 3).flip(2);                          // out[i,j] = in[j, 7-i]: top right → top left
        Assert.True(MaxAbsDiff(rotated, expected) < 1e-5f);
        var back = new Transform2D(0, 0, -90, 0, 0).Apply(rotated, BilinearBlack);
        Assert.True(MaxAbsDiff(back, image) < 1e-5f);
    }

    [Fact]
    public void A_zoom_in_of_a_ramp_is_the_ramp_scaled_about_the_centre()
    {
        using var scope = torch.NewDisposeScope();
        const int w = 16, h = 8;
        var ramp = Ramp(h, w, alongX: true);
        var zoomed = new Transform2D(0, 0, 0, 4, 0).Apply(ramp, BilinearBlack);   // zx = (16 - 4)/16 = 0.75
        var x = torch.linspace(-1, 1, w).view(1, 1, 1, w);
        var expected = (x * 0.75 + 1.0) / 2.0 * torch.ones([1, 1, h, w]);
        Assert.True(MaxAbsDiff(zoomed, expected) < 1e-6f);
    }

    [Fact]
    public void A_zoom_out_of_a_vertical_ramp_smears_the_edge_rows()
    {
        using var scope = torch.NewDisposeScope();
        const int w = 6, h = 10;
        var ramp = Ramp(h, w, alongX: false);
        var zoomed = new Transform2D(0, 0, 0, 0, -5).Apply(ramp, new Resampling(GridSampleMode.Bilinear, InfillMode.Smear)); // zy = 1.5
        var y = torch.linspace(-1, 1, h).view(1, 1, h, 1);
        var expected = ((y * 1.5 + 1.0) / 2.0).clamp(0.0, 1.0) * torch.ones([1, 1, h, w]);
        Assert.True(MaxAbsDiff(zoomed, expected) < 1e-6f);
    }

    [Fact]
    public void An_integer_translation_with_nearest_sampling_is_an_exact_shift_right_and_up()
    {
        using var scope = torch.NewDisposeScope();
        var image = Random(8, 8);
        var nearest = new Resampling(GridSampleMode.Nearest, InfillMode.Black);
        // A translation of 2 px moves content 2·7/8 = 1.75 px (align_corners); nearest rounds that to 2.
        var right = new Transform2D(2, 0, 0, 0, 0).Apply(image, nearest);
        Assert.Equal(image.narrow(3, 0, 6).Floats(), right.narrow(3, 2, 6).Floats());
        Assert.All(right.narrow(3, 0, 2).Floats(), v => Assert.Equal(0f, v));
        var up = new Transform2D(0, 2, 0, 0, 0).Apply(image, nearest);
        Assert.Equal(image.narrow(2, 2, 6).Floats(), up.narrow(2, 0, 6).Floats());
        Assert.All(up.narrow(2, 6, 2).Floats(), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(InfillMode.Black)]
    [InlineData(InfillMode.Smear)]
    [InlineData(InfillMode.Mirror)]
    [InlineData(InfillMode.Wrap)]
    public void Each_infill_mode_fills_the_uncovered_columns_as_specified(InfillMode infill)
    {
        using var scope = torch.NewDisposeScope();
        var image = Random(8, 8);
        var moved = new Transform2D(2, 0, 0, 0, 0).Apply(image, new Resampling(GridSampleMode.Nearest, infill));
        // Columns 0 and 1 sample x = -1.75 and -0.75 px; every other column is the source column 2 to its left.
        var (source0, source1) = infill switch
        {
            InfillMode.Smear => (0, 0),                                         // clamped to the edge column
            InfillMode.Mirror => (2, 1),                                        // reflected about the edge pixel centre
            InfillMode.Wrap => (5, 6),                                          // period 2 in normalised units = 7 px
            _ => (-1, -1),
        };
        // Wrap moves every coordinate by (g + 3) mod 2.0001 − 1: y = −1 (row 0) lands on +1 (row 7), as in PyTTI.
        for (var row = 0; row < 8; row++)
        {
            var from = infill == InfillMode.Wrap && row == 0 ? 7 : row;
            var src = image.select(2, from);                                    // [1,3,8]
            var dst = moved.select(2, row);
            Assert.Equal(src.narrow(2, 0, 6).Floats(), dst.narrow(2, 2, 6).Floats());
            Assert.Equal(source0 < 0 ? new float[3] : src.narrow(2, source0, 1).Floats(), dst.narrow(2, 0, 1).Floats());
            Assert.Equal(source1 < 0 ? new float[3] : src.narrow(2, source1, 1).Floats(), dst.narrow(2, 1, 1).Floats());
        }
    }

    [Fact]
    public void Wrap_leaves_a_grid_inside_the_frame_alone()
    {
        using var scope = torch.NewDisposeScope();
        var grid = torch.linspace(-1, 1, 10).view(1, 1, 5, 2);
        Assert.Equal(grid.Floats(), Resampling.Wrap(grid).Floats());
    }

    [Fact]
    public void The_matrix_has_reference_units_and_order()
    {
        var m = new Transform2D(TranslateX: 3, TranslateY: -2, Rotate: 30, ZoomX: 10, ZoomY: 5).Matrix(width: 40, height: 20);
        var (zx, zy) = (30 / 40.0, 15 / 20.0);
        var (sin, cos) = Math.SinCos(Math.PI / 6);
        double[] expected = [zx * cos, -zy * sin, -3 * 2 / 40.0, zx * sin, zy * cos, -2 * 2 / 20.0];
        for (var k = 0; k < 6; k++) Assert.Equal(expected[k], m[k], 6);
    }

    [Fact]
    public void Palette_models_hand_out_their_latent_grid_and_take_it_back()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(3);
        using var palette = new LimitedPalette(6, 4, 1, new LimitedPaletteOptions(PaletteSize: 3, Palettes: 2, Gamma: 1, HdrWeight: 0, NormalizationWeight: 0.1));
        palette.EncodeRandom(generator);
        var grid = palette.GetImageTensor()!;
        Assert.Equal([1L, 3, 4, 6], grid.shape);                               // [1, 1+K, h, w]
        palette.SetImageTensor(grid.flip(3));
        Assert.Equal(grid.flip(3).Floats(), palette.GetImageTensor()!.Floats());
        using var rgb = new UnlimitedPalette(6, 4);
        rgb.EncodeRandom(generator);
        var pixels = rgb.GetImageTensor()!;
        Assert.Equal([1L, 3, 4, 6], pixels.shape);
        Assert.False(pixels.requires_grad);
    }
}
