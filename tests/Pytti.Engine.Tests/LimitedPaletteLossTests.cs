using Pytti.Engine.ImageModels;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;
using static Pytti.Engine.Tests.LimitedPaletteModelTests;

namespace Pytti.Engine.Tests;

/// <summary>Limited Palette's HDR and palette-normalisation losses (reference 5.2).</summary>
public class LimitedPaletteLossTests
{
    private static ModelLoss Term(LimitedPalette m, string name) => m.ImageLosses().Single(l => l.Name == name);

    [Fact]
    public void Hdr_loss_matches_a_hand_computation()
    {
        using var scope = torch.NewDisposeScope();
        using var m = Model(p: 2, k: 1, gamma: 2, hdr: 0.5);
        Set(m.pallet, [0.4f, 0.8f, 1.2f, 2f, 1f, 0.2f]);     // halves: (.2,.4,.6) and (1,.5,.1); already darkest first
        double B(double r, double g, double b) => Math.Sqrt(0.299 * r * r + 0.587 * g * g + 0.114 * b * b);
        var expected = (Math.Pow(B(0.2, 0.4, 0.6) - 0, 2) + Math.Pow(B(1, 0.5, 0.1) - 1, 2)) / 2;  // targets linspace(0,1,2)^2
        var hdr = Term(m, "HDR normalization");
        Assert.Equal(expected, hdr.Raw.Item(), 1e-6);
        Assert.Equal(0.5 * expected, hdr.Value.Item(), 1e-6);
    }

    [Fact]
    public void Palette_normalisation_matches_a_hand_computation()
    {
        using var scope = torch.NewDisposeScope();
        using var m = Model(w: 3, h: 1, p: 2, k: 2, norm: 0.3);
        float[] logits = [0f, 1f, 2f, 0.5f, 0f, 1f];          // [K=2, h=1, w=3]
        Set(m.tensor, logits);
        var s = Enumerable.Range(0, 3).Select(i =>
        {
            var (a, b) = (Math.Exp(logits[i]), Math.Exp(logits[3 + i]));
            return new[] { a / (a + b), b / (a + b) };
        }).ToArray();
        var mu = Enumerable.Range(0, 2).Select(k => s.Average(r => r[k])).ToArray();
        var sigma = Enumerable.Range(0, 2).Select(k => Math.Sqrt(s.Sum(r => Math.Pow(r[k] - mu[k], 2)) / 2)).ToArray();
        var cross = s.Sum(r => (r[0] - mu[0]) * (r[1] - mu[1])) / (sigma[0] * sigma[1] * 3);
        var expected = 2 * cross / 4 + (1 / (sigma[0] * 3) + 1 / (sigma[1] * 3)) / 2;
        var norm = Term(m, "Palette normalization");
        Assert.Equal(expected, norm.Raw.Item(), 1e-5);
        Assert.Equal(0.3 * expected, norm.Value.Item(), 1e-5);
    }

    [Fact]
    public void Hdr_loss_is_omitted_when_its_weight_is_zero()
    {
        using var scope = torch.NewDisposeScope();
        using var m = Model(hdr: 0);
        Assert.Equal(["Palette normalization"], m.ImageLosses().Select(l => l.Name));
        using var n = Model(hdr: 0.1);
        Assert.Equal(["HDR normalization", "Palette normalization"], n.ImageLosses().Select(l => l.Name));
    }

    [Theory]
    [InlineData("HDR normalization")]
    [InlineData("Palette normalization")]
    public void Each_loss_decreases_when_optimised_alone(string name)
    {
        using var g = new torch.Generator(6);
        using var m = Model(w: 6, h: 6, p: 4, k: 3, gamma: 1.5, hdr: 1, norm: 1, random: true);
        m.EncodeRandom(g);
        using var adam = AdamCheckpoints.Create(m.TrainableParameters(), 0.05);
        double first = double.NaN, last = double.NaN;
        for (var i = 0; i < 60; i++)
        {
            using var scope = torch.NewDisposeScope();
            adam.ClearGrads();
            var term = Term(m, name);
            if (i == 0) first = term.Raw.Item();
            last = term.Raw.Item();
            term.Value.Backward();
            adam.step();
            m.Update();
        }
        Assert.True(last < first * 0.7, $"{first} -> {last}");
    }
}
