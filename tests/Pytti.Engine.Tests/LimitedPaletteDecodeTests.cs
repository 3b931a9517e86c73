using Pytti.Engine.ImageModels;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;
using static Pytti.Engine.Tests.LimitedPaletteModelTests;

namespace Pytti.Engine.Tests;

/// <summary>Effective palette and decoding (reference 5.2), checked against direct computations.</summary>
public class LimitedPaletteDecodeTests
{
    private static double Luma(float[] c, int i) => 0.299 * c[i] * c[i] + 0.587 * c[i + 1] * c[i + 1] + 0.114 * c[i + 2] * c[i + 2];

    [Fact]
    public void The_effective_palette_is_half_the_stored_one_clamped_and_sorted_darkest_first()
    {
        using var g = new torch.Generator(11);
        using var m = Model(p: 5, k: 3, random: true);
        m.EncodeRandom(g);
        Set(m.pallet, m.pallet.Floats().Select((x, i) => i % 7 == 0 ? 2.5f : x).ToArray()); // some above 2: clamp to 1
        var stored = m.pallet.Floats();
        using var palette = m.EffectivePalette();
        var pal = palette.Floats();
        for (var k = 0; k < 3; k++)
        {
            var expected = Enumerable.Range(0, 5)
                .Select(p => Enumerable.Range(0, 3).Select(c => Math.Clamp(stored[(p * 3 + k) * 3 + c] / 2, 0f, 1f)).ToArray())
                .OrderBy(c => Luma(c, 0)).ToList();
            for (var p = 0; p < 5; p++)
                Assert.Equal(expected[p], pal.Skip((p * 3 + k) * 3).Take(3));
        }
    }

    /// <summary>The colour a pixel shows, computed directly: rounded brightness (halves to even) in the arg-max palette.</summary>
    private static float[] DirectDiscrete(LimitedPalette m)
    {
        using var palette = m.EffectivePalette();
        var (pal, value, logits) = (palette.Floats(), m.value.Floats(), m.tensor.Floats());
        var (w, h, k, s) = (m.Width, m.Height, m.Palettes, m.PixelSize);
        var image = new float[3 * h * s * w * s];
        for (var y = 0; y < h * s; y++)
            for (var x = 0; x < w * s; x++)
            {
                var i = y / s * w + x / s;
                var level = (int)Math.Round(Math.Clamp(value[i], 0f, 1f) * (m.PaletteSize - 1), MidpointRounding.ToEven);
                var best = Enumerable.Range(0, k).MaxBy(j => logits[j * h * w + i]);
                for (var c = 0; c < 3; c++) image[(c * h * s + y) * w * s + x] = pal[(level * k + best) * 3 + c];
            }
        return image;
    }

    [Fact]
    public void The_image_shows_exactly_the_discrete_colours()
    {
        using var g = new torch.Generator(2);
        using var m = Model(w: 5, h: 4, pixelSize: 3, p: 4, k: 3, random: true);
        m.EncodeRandom(g);
        using var image = m.DecodeTraining();
        Assert.Equal(DirectDiscrete(m), image.Floats());
    }

    [Fact]
    public void Brightness_rounds_halves_to_even()
    {
        using var m = Model(w: 3, h: 1, pixelSize: 1, p: 5, k: 1);
        Set(m.value, [0.125f, 0.375f, 0.625f]);            // ×4 = 0.5, 1.5, 2.5 → levels 0, 2, 2
        using var image = m.DecodeForOutput();
        Assert.Equal([0f, 0.5f, 0.5f], image.Floats().Take(3));   // grey ramp 0, .25, .5, .75, 1 (red channel)
    }

    /// <summary>0.5·continuous + 0.5·discrete written the way PyTTI writes it (one-hot sums, palette[level]).</summary>
    private static torch.Tensor DirectBlend(LimitedPalette m)
    {
        using var scope = torch.NewDisposeScope();
        var pal = m.EffectivePalette();
        var (p, k) = (m.PaletteSize, m.Palettes);
        var v = m.value.clamp(0.0, 1.0) * (p - 1);
        var fl = v.floor();
        var fr = (v - fl).unsqueeze(-1).unsqueeze(-1);
        var weights = m.tensor.permute(1, 2, 0);
        var oneHot = weights.argmax(2).unsqueeze(-1).eq(torch.arange(k, torch.int64)).to_type(torch.float32).unsqueeze(-1);
        var disc = (At(pal, v.round()) * oneHot).sum([2]);
        var cont = ((At(pal, fl) * (1 - fr) + At(pal, v.ceil()) * fr)
            * torch.nn.functional.softmax(weights, 2).unsqueeze(-1)).sum([2]);
        var blend = (cont * 0.5 + disc * 0.5).permute(2, 0, 1).unsqueeze(0);
        return torch.nn.functional.interpolate(blend, [m.OutputHeight, m.OutputWidth]).MoveToOuterDisposeScope();
    }

    /// <summary><c>palette[level]</c> for float levels holding whole numbers.</summary>
    private static torch.Tensor At(torch.Tensor palette, torch.Tensor level) => palette[torch.TensorIndex.Tensor(level.to_type(torch.int64))];

    [Fact]
    public void The_gradient_is_that_of_the_average_of_the_continuous_and_discrete_colours()
    {
        using var g = new torch.Generator(9);
        using var m = Model(w: 4, h: 3, pixelSize: 2, p: 4, k: 3, random: true);
        m.EncodeRandom(g);
        using var scope = torch.NewDisposeScope();
        var probe = torch.randn([1, 3, 6, 8], generator: g);
        var parameters = m.parameters().ToList<torch.Tensor>();
        var actual = CheckedAutograd.Grad([(m.DecodeTraining() * probe).sum()], parameters);
        var expected = CheckedAutograd.Grad([(DirectBlend(m) * probe).sum()], parameters);
        for (var i = 0; i < 3; i++)
        {
            var (a, e) = (actual[i]!.Floats(), expected[i]!.Floats());
            Assert.Contains(e, x => x != 0);
            for (var j = 0; j < a.Length; j++) Assert.Equal(e[j], a[j], 1e-6f);
        }
    }

    [Fact]
    public void After_optimisation_the_image_uses_at_most_palettes_times_palette_size_colours()
    {
        using var g = new torch.Generator(4);
        using var m = Model(w: 8, h: 8, pixelSize: 1, p: 3, k: 2, random: true);
        m.EncodeRandom(g);
        using var target = torch.rand([1, 3, 8, 8], generator: g);
        using var adam = AdamCheckpoints.Create(m.TrainableParameters(), 0.05);
        for (var i = 0; i < 10; i++)
        {
            using var scope = torch.NewDisposeScope();
            adam.ClearGrads();
            (m.DecodeTraining() - target).square().mean().Backward();
            adam.step();
            m.Update();
        }
        using var image = m.DecodeForOutput();
        var px = image.Floats();
        var colours = Enumerable.Range(0, 64).Select(i => (px[i], px[64 + i], px[128 + i])).Distinct().Count();
        Assert.InRange(colours, 2, 3 * 2);
    }
}
