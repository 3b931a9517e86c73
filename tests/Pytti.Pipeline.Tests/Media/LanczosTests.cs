using Pytti.Engine.Imaging;
using Pytti.Pipeline.Media;
using Pytti.Testing;
using TorchSharp;
using Xunit.Abstractions;

namespace Pytti.Pipeline.Tests.Media;

/// <summary>
/// Our LANCZOS resampler against PIL's (the goldens in Data/ come from build/goldens/lanczos.py). PIL rounds to
/// 8 bits between and after its two passes; we stay in floating point: after rounding ours to 8 bits too, every
/// channel of every pixel is within 1 level of PIL's and the mean difference is under a quarter of a level
/// (a resize along one axis only, with no intermediate rounding in PIL, is exact).
/// </summary>
public sealed class LanczosTests(ITestOutputHelper output)
{
    private const int Width = 97, Height = 61;

    /// <summary>The golden script's pattern: ramps, an 8-px checkerboard and 3-px diagonal stripes, [1,3,61,97] in [0,1].</summary>
    internal static torch.Tensor Pattern()
    {
        var data = new float[3 * Height * Width];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < Height; y++)
                for (var x = 0; x < Width; x++)
                {
                    var checker = (x / 8 + y / 8) % 2 * 120;
                    var stripes = (x + 2 * y) % 3 == 0 ? 60 : 0;
                    data[(c * Height + y) * Width + x] = (x * 2 + y * 3 + c * 85 + checker + stripes) % 256 / 255f;
                }
        return torch.tensor(data, [1, 3, Height, Width]);
    }

    [Theory]
    [InlineData(40, 30)]
    [InlineData(73, 45)]
    [InlineData(150, 101)]
    [InlineData(97, 20)]
    public void Matches_PIL_LANCZOS_to_within_one_8_bit_level(int width, int height)
    {
        var golden = ImageFile.Read(Path.Combine(SharedFixtures.RepoRoot, "tests", "Pytti.Pipeline.Tests", "Media", "Data", $"lanczos_{width}x{height}.png"));
        Assert.Equal((width, height), (golden.Width, golden.Height));
        using var scope = torch.NewDisposeScope();
        var resized = Lanczos.Resize(Pattern(), height, width);                                   // [1,3,h,w]
        var ours = (resized * 255.0).round().select(0, 0).permute(1, 2, 0).contiguous().data<float>().ToArray();   // rounded, HWC as the PNG
        var diffs = ours.Zip(golden.Pixels, (a, b) => Math.Abs(a - b)).ToArray();
        output.WriteLine($"{width}x{height}: max {diffs.Max()} levels, mean {diffs.Average():F4}");
        Assert.True(diffs.Max() <= 1, $"max difference {diffs.Max()} levels");
        Assert.True(diffs.Average() < 0.25, $"mean difference {diffs.Average()} levels");
        if (width == Width) Assert.Equal(0, diffs.Max());
    }

    [Fact]
    public void The_same_size_is_a_copy_and_a_constant_image_stays_constant()
    {
        using var scope = torch.NewDisposeScope();
        var pattern = Pattern();
        Assert.Equal(pattern.data<float>().ToArray(), Lanczos.Resize(pattern, Height, Width).data<float>().ToArray());
        var grey = torch.full([1, 3, Height, Width], 0.25f);
        Assert.All(Lanczos.Resize(grey, 17, 200).contiguous().data<float>().ToArray(), v => Assert.Equal(0.25f, v, 5));
    }
}
