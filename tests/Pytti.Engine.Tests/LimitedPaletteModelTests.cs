using Pytti.Engine.ImageModels;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>Limited Palette's parameters, initial state, clamps, latent and swatch (reference 5.2).</summary>
public class LimitedPaletteModelTests
{
    internal static LimitedPalette Model(int w = 4, int h = 3, int pixelSize = 2, int p = 4, int k = 2, double gamma = 1,
        double hdr = 0.01, double norm = 0.2, bool random = false, bool locked = false) =>
        new(w, h, pixelSize, new LimitedPaletteOptions(p, k, gamma, hdr, norm, random, locked));

    internal static void Set(torch.Tensor parameter, float[] values)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();      // also takes the handle copy_ returns
        parameter.copy_(TorchValues.From(values, parameter.shape));
    }

    [Fact]
    public void Parameters_carry_PyTorch_names_order_and_shapes()
    {
        using var m = Model(w: 5, h: 3, pixelSize: 2, p: 4, k: 2);
        Assert.Equal(["pallet", "value", "tensor"], m.named_parameters().Select(p => p.name));
        Assert.Equal([[4L, 2, 3], [3L, 5], [2L, 3, 5]], m.named_parameters().Select(p => p.parameter.shape));
        Assert.Equal(["pallet", "value", "tensor", "pallet_target"], m.state_dict().Keys);
        Assert.Equal([4L, 2, 3], m.state_dict()["pallet_target"].shape);
        Assert.Equal(m.named_parameters().Select(p => p.parameter), m.TrainableParameters());
        using var image = m.DecodeTraining();
        Assert.Equal([1L, 3, 6, 10], image.shape);
        using var latent = m.LatentTensor()!;
        Assert.Equal([3L, 3, 5], latent.shape);
        using var swatch = m.RenderPaletteSwatch();
        Assert.Equal([1L, 3, 4 * 32, 2 * 16], swatch.shape);
        Assert.Equal(0.02, m.DefaultLearningRate);
        Assert.Equal(0.1, m.LatentStrength);
    }

    [Fact]
    public void The_initial_palette_is_a_grey_ramp_to_two_raised_to_gamma()
    {
        using var m = Model(p: 3, k: 2, gamma: 2);
        var pallet = m.pallet.Floats();
        // linspace(0, 2, 3)^2 = 0, 1, 4 in every palette and channel (the power acts on values up to 2).
        Assert.Equal(Enumerable.Repeat(0f, 6).Concat(Enumerable.Repeat(1f, 6)).Concat(Enumerable.Repeat(4f, 6)), pallet);
    }

    [Fact]
    public void Random_encoding_follows_the_generator()
    {
        float[] Draw(ulong seed, bool random)
        {
            using var m = Model(random: random);
            using var g = new torch.Generator(seed);
            m.EncodeRandom(g);
            return [.. m.value.Floats(), .. m.tensor.Floats(), .. m.pallet.Floats()];
        }
        var a = Draw(3, random: false);
        Assert.Equal(a, Draw(3, random: false));
        Assert.NotEqual(a, Draw(4, random: false));
        Assert.All(a.Take(4 * 3 * 3), x => Assert.InRange(x, 0f, 0.99999994f));          // value, tensor in [0,1)
        var withPalette = Draw(3, random: true);
        Assert.Equal(a.Take(36), withPalette.Take(36));                                    // same value/tensor draws first
        Assert.All(withPalette.Skip(36), x => Assert.InRange(x, 0f, 1.9999999f));          // palette in [0,2)
        Assert.NotEqual(a.Skip(36), withPalette.Skip(36));
    }

    [Fact]
    public void Update_clamps_palette_brightness_and_selection()
    {
        using var m = Model(w: 2, h: 1, p: 2, k: 2);
        Set(m.pallet, [-1f, 0.5f, 2.5f, 1.5f, 3f, 0f, 2f, -0.1f, 1f, 0.3f, 2.1f, 1.9f]);
        Set(m.value, [-0.5f, 1.5f]);
        Set(m.tensor, [-1f, 0.25f, 2f, -0.01f]);
        m.Update();
        Assert.Equal([0f, 0.5f, 2f, 1.5f, 2f, 0f, 2f, 0f, 1f, 0.3f, 2f, 1.9f], m.pallet.Floats());
        Assert.Equal([0f, 1f], m.value.Floats());
        Assert.Equal([0f, 0.25f, 2f, 0f], m.tensor.Floats());
    }

    [Fact]
    public void The_latent_is_brightness_stacked_on_the_selection()
    {
        using var m = Model(w: 2, h: 1, p: 2, k: 2);
        Set(m.value, [0.1f, 0.2f]);
        Set(m.tensor, [1f, 2f, 3f, 4f]);
        using var latent = m.LatentTensor()!;
        Assert.Equal([0.1f, 0.2f, 1f, 2f, 3f, 4f], latent.Floats());
    }

    [Fact]
    public void The_swatch_shows_each_effective_colour_as_a_32_by_16_block()
    {
        using var g = new torch.Generator(5);
        using var m = Model(p: 3, k: 2, random: true);
        m.EncodeRandom(g);
        using var palette = m.EffectivePalette();
        using var swatch = m.RenderPaletteSwatch();
        var pal = palette.Floats();            // [P,K,3]
        var pixels = swatch.Floats();          // [1,3,96,32]
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 96; y++)
                for (var x = 0; x < 32; x++)
                    Assert.Equal(pal[(y / 32 * 2 + x / 16) * 3 + c], pixels[(c * 96 + y) * 32 + x]);
    }

    [Fact]
    public void The_factory_builds_it_from_the_scene()
    {
        var doc = Fixtures.Scene("""
            scenes: a lighthouse
            image_model: Limited Palette
            width: 8
            height: 6
            pixel_size: 2
            palette_size: 5
            palettes: 3
            """);
        using var model = ImageModelFactory.Create(doc, 8, 6);
        var m = Assert.IsType<LimitedPalette>(model);
        Assert.Equal((5, 3, 16, 12), (m.PaletteSize, m.Palettes, m.OutputWidth, m.OutputHeight));
    }

    [Fact]
    public void A_target_palette_without_an_image_loader_is_refused_clearly()
    {
        var doc = Fixtures.Scene("""
            scenes: a lighthouse
            image_model: Limited Palette
            width: 8
            height: 8
            target_palette: colours.png
            """);
        var e = Assert.Throws<ArgumentException>(() => ImageModelFactory.Create(doc, 8, 8));
        Assert.Contains("target_palette", e.Message);
    }
}
