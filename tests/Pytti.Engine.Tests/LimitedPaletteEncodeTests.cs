using Pytti.Engine.ImageModels;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;
using static Pytti.Engine.Tests.LimitedPaletteModelTests;

namespace Pytti.Engine.Tests;

/// <summary>Smart encoding, lock_palette and target_palette (reference 5.2, 5.4).</summary>
public class LimitedPaletteEncodeTests
{
    private static readonly float[] Orange = [0.9f, 0.5f, 0.1f];
    private static readonly float[] Blue = [0.1f, 0.3f, 0.8f];

    /// <summary>[1,3,h,w]: orange left half, blue right half.</summary>
    internal static torch.Tensor TwoColours(int h, int w)
    {
        var data = new float[3 * h * w];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    data[(c * h + y) * w + x] = x < w / 2 ? Orange[c] : Blue[c];
        return TorchValues.From(data, 1, 3, h, w);
    }

    /// <summary>Largest per-channel difference between a pixel and the colour of its half.</summary>
    private static float WorstError(torch.Tensor image)
    {
        var (h, w) = ((int)image.size(2), (int)image.size(3));
        var px = image.Floats();
        var worst = 0f;
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < h * w; i++)
                worst = Math.Max(worst, Math.Abs(px[c * h * w + i] - (i % w < w / 2 ? Orange[c] : Blue[c])));
        return worst;
    }

    private static float[] Optimise(LimitedPalette m, int steps = 15)
    {
        using var target = torch.full([1, 3, m.OutputHeight, m.OutputWidth], 0.9);   // pulls every colour to light grey
        using var adam = AdamCheckpoints.Create(m.TrainableParameters(), 0.1);
        for (var i = 0; i < steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            adam.ClearGrads();
            var loss = (m.DecodeTraining() - target).square().mean();
            foreach (var term in m.ImageLosses()) loss = loss + term.Value;
            loss.Backward();
            adam.step();
            m.Update();
        }
        using var palette = m.EffectivePalette();
        return palette.Floats();
    }

    [Fact]
    public void Smart_encoding_reproduces_a_two_colour_image()
    {
        using var g = new torch.Generator(1);
        using var m = Model(w: 8, h: 8, pixelSize: 1, p: 4, k: 2);
        m.EncodeRandom(g);
        using var image = TwoColours(8, 8);
        m.EncodeImage(image);
        using var decoded = m.DecodeForOutput();
        Assert.True(WorstError(decoded) < 0.01f, $"worst channel error {WorstError(decoded)}");   // measured 0.0007
        Assert.Null(m.value.grad);
    }

    [Fact]
    public void A_locked_palette_keeps_the_initial_colours_through_optimisation()
    {
        using var g = new torch.Generator(2);
        using var m = Model(w: 6, h: 6, p: 4, k: 2, locked: true);
        m.EncodeRandom(g);
        Assert.True(m.UsesPaletteTarget);
        using var initial = m.EffectivePalette();
        var ramp = initial.Floats();
        var grey = new[] { 0f, 1 / 3f, 2 / 3f, 1f }.SelectMany(v => Enumerable.Repeat(v, 6)).ToArray();   // linspace(0,2,4)/2
        Assert.All(ramp.Zip(grey), z => Assert.Equal(z.Second, z.First, 1e-6f));
        Assert.Equal(ramp, Optimise(m));
    }

    [Fact]
    public void A_target_palette_takes_the_image_colours_and_keeps_them()
    {
        var doc = Fixtures.Scene("""
            scenes: a lighthouse
            image_model: Limited Palette
            width: 8
            height: 8
            palette_size: 3
            palettes: 2
            target_palette: colours.png
            """);
        string? asked = null;
        using var model = ImageModelFactory.Create(doc, 8, 8, path => { asked = path; return TwoColours(16, 16); });
        Assert.EndsWith("colours.png", asked);
        var m = Assert.IsType<LimitedPalette>(model);
        var before = TorchValues.LiveCount();
        TargetPaletteIsKept(m);
        // Nothing stays alive but the three Parameters (pallet, value, tensor) of the clone that set_pallet_target
        // smart-encodes: disposed with it, yet counted for good by TorchSharp 0.107's TotalCount.
        Assert.Equal(before + 3, TorchValues.LiveCount());
    }

    private static void TargetPaletteIsKept(LimitedPalette m)
    {
        using var g = new torch.Generator(3);
        m.EncodeRandom(g);
        Assert.True(m.UsesPaletteTarget);
        using var palette = m.EffectivePalette();
        var colours = palette.Floats().Chunk(3).ToList();
        foreach (var wanted in new[] { Orange, Blue })
            Assert.Contains(colours, c => c.Zip(wanted).All(z => Math.Abs(z.First - z.Second) < 0.05f));   // measured 0.02
        Assert.Equal(palette.Floats(), Optimise(m));
    }
}
