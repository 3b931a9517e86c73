using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;

namespace Pytti.Engine.Tests;

/// <summary>A whole still render with image_model: Limited Palette.</summary>
public class LimitedPaletteRenderTests
{
    private const string Scene = """
        scenes: a lighthouse
        image_model: Limited Palette
        width: 8
        height: 8
        pixel_size: 2
        palette_size: 4
        palettes: 3
        hdr_weight: 0.05
        steps_per_scene: 3
        steps_per_frame: 3
        pre_animation_steps: 0
        save_every: 3
        cutouts: 2
        seed: 5
        """;

    private static RenderRecorder Render(string yaml)
    {
        var doc = Fixtures.Scene(yaml);
        return Fixtures.Render(doc, new RenderAssets(_ => LimitedPaletteEncodeTests.TwoColours(16, 16)));
    }

    [Fact]
    public void Renders_deterministically_logs_its_own_losses_and_leaves_nothing_behind()
    {
        var growth = new RunGrowth();
        var a = growth.Measure(() => Render(Scene));
        var b = growth.Measure(() => Render(Scene));
        Assert.Equal(3, a.Steps.Count);
        Assert.Single(a.TorchLiveAfterStep.Skip(1).Distinct());   // after the first step (Adam's moments appear) the model keeps TorchSharp's count flat
        Assert.All(a.Steps, s => Assert.Contains("HDR normalization", s.Raw.Keys));
        Assert.All(a.Steps, s => Assert.Contains("Palette normalization", s.Raw.Keys));
        Assert.All(a.Images, i => Assert.Equal(16 * 16 * 3, i.Bytes.Length));
        Assert.Equal(a.Images.Select(i => i.Bytes), b.Images.Select(i => i.Bytes));
        var colours = Enumerable.Range(0, 256).Select(i => (a.Images[^1].Bytes[i], a.Images[^1].Bytes[256 + i], a.Images[^1].Bytes[512 + i])).Distinct().Count();
        Assert.InRange(colours, 1, 4 * 3);
        growth.AssertAlike();
    }

    [Fact]
    public void An_init_image_is_smart_encoded_into_the_palette()
    {
        var growth = new RunGrowth();
        var r = growth.Measure(() => Render(Scene + "\ninit_image: init.png\ndirect_init_weight: 1\n"));
        growth.Measure(() => Render(Scene + "\ninit_image: init.png\ndirect_init_weight: 1\n"));
        Assert.Single(r.TorchLiveAfterStep.Skip(1).Distinct());
        growth.AssertAlike();
        var last = r.Images[^1].Bytes;
        // Orange left half, blue right half (within a few steps of the tiny CLIP's pull): red dominates left, blue right.
        Assert.True(last[0] > last[512] && last[15] < last[512 + 15], $"left ({last[0]},{last[512]}) right ({last[15]},{last[512 + 15]})");
        Assert.Contains("direct init image (i..rect)", r.Steps[0].Raw.Keys);   // PyTTI's display name of "direct init image (init.png) (direct)"
    }
}
