using Pytti.Engine.Cutouts;
using Pytti.Engine.Prompts;
using Pytti.Engine.Rendering;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>Image masks <c>_[path]</c> (reference 3.7): box weights, inversion, the disabled case and the persistent error image.</summary>
public class ImageMaskTests
{
    private static readonly double Root2 = Math.Sqrt(2);

    /// <summary>A greyscale pattern (rows of values in [0,1]) as the RGB image [1,3,h,w] a mask file decodes to.</summary>
    private static torch.Tensor Rgb(float[][] rows)
    {
        int h = rows.Length, w = rows[0].Length;
        var plane = rows.SelectMany(r => r).ToArray();
        return torch.tensor([.. plane, .. plane, .. plane], [1, 3, h, w]);
    }

    private static float[][] HalfWhite(int w, int h) =>
        Enumerable.Range(0, h).Select(_ => Enumerable.Range(0, w).Select(x => x < w / 2 ? 1f : 0f).ToArray()).ToArray();

    /// <summary>Cutouts at (offset x, offset y, size x, size y) as fractions; the mask reads only the geometry.</summary>
    private static CutoutEmbeddings Views(params (double Ox, double Oy, double Sx, double Sy)[] cuts)
    {
        var offsets = new double[cuts.Length, 2];
        var sizes = new double[cuts.Length, 2];
        for (var k = 0; k < cuts.Length; k++)
            (offsets[k, 0], offsets[k, 1], sizes[k, 0], sizes[k, 1]) = cuts[k];
        return new CutoutEmbeddings([new PerceptorView(null!, TorchSharp.torch.zeros(cuts.Length, 1), offsets, sizes)]);
    }

    private static (float[] Stop, float[] Factor) Evaluate(PromptMaskFunction mask, CutoutEmbeddings views)
    {
        var (m, a) = mask.Evaluate(views, 0.5);
        using (m) using (a) return (m.data<float>().ToArray(), a.data<float>().ToArray());
    }

    [Fact]
    public void Cutouts_on_the_white_half_weigh_more_and_inverting_the_mask_flips_it()
    {
        var before = TorchValues.LiveCount();
        // 8x4 mask, left half white. Left cutout: box x 0..4, y 0..3 (the last row is clamped away), area 12,
        // all white -> weight 1, a = 1/sqrt(mean 0.5) = sqrt 2. Right cutout: box x 4..7, y 0..3, all black -> 0.
        using (var rgb = Rgb(HalfWhite(8, 4)))
        using (var views = Views((0, 0, 0.5, 1), (0.5, 0, 0.5, 1)))
        {
            using var mask = ImageMask.FromImage(rgb, inverted: false);
            var (stop, factor) = Evaluate(mask, views);
            Assert.All(stop, s => Assert.Equal(float.NegativeInfinity, s));
            Assert.Equal(Root2, factor[0], 5);
            Assert.Equal(0, factor[1], 6);

            using var inverted = ImageMask.FromImage(rgb, inverted: true);
            var (_, flipped) = Evaluate(inverted, views);
            Assert.Equal(0, flipped[0], 6);
            Assert.Equal(Root2, flipped[1], 5);
        }
        Assert.Equal(before, TorchValues.LiveCount());
    }

    [Fact]
    public void Error_diffusion_follows_the_reference_and_the_error_image_persists_between_steps()
    {
        // 4x2 mask, columns 0-1 white. Element 0: box x 0..3, y 0..1 (area 3); element 1: box x 2..3, y 0..1 (area 1); N = 2.
        using var rgb = Rgb(HalfWhite(4, 2));
        using var views = Views((0, 0, 0.75, 0.5), (0.5, 0, 0.5, 0.5));
        using var mask = ImageMask.FromImage(rgb, inverted: false);

        // Step 1, largest box first: w0 = mean(1, 1, 0) = 2/3; E row 0 += sign(M−w)(M−w)²/2 = [1/18, 1/18, −2/9].
        // Element 1 then sees M = 0 and E = −2/9: w1 = −sqrt(2/9); E(2,0) += (2/9)/2 -> −1/9. a = w/sqrt(0.5).
        var (_, first) = Evaluate(mask, views);
        Assert.Equal(2.0 / 3 * Root2, first[0], 5);          // 0.942809
        Assert.Equal(-Math.Sqrt(2.0 / 9) * Root2, first[1], 5); // −0.666667
        Assert.Equal([1 / 18f, 1 / 18f, -1 / 9f, 0, 0, 0, 0, 0], mask.Error.ToArray(), new FloatTolerance(1e-6f));

        // Step 2 starts from that error image, so the same cutouts weigh differently.
        var (_, second) = Evaluate(mask, views);
        Assert.Equal(1.0078964, second[0], 5);
        Assert.Equal(-0.8544880, second[1], 5);
        Assert.Equal(0.0968290, mask.Error[0], 5);
        Assert.Equal(-0.1825375, mask.Error[2], 5);
    }

    [Fact]
    public void An_all_black_mask_disables_the_prompt()
    {
        using var rgb = torch.zeros([1, 3, 4, 4]);
        using var views = Views((0, 0, 0.5, 0.5), (0.25, 0.25, 0.75, 0.75));
        using var mask = ImageMask.FromImage(rgb, inverted: false);
        var (stop, factor) = Evaluate(mask, views);
        Assert.Equal([float.NegativeInfinity, float.NegativeInfinity], stop);
        Assert.Equal([0f, 0f], factor);
    }

    [Fact]
    public void The_mask_file_is_read_through_the_assets_as_PIL_greyscale()
    {
        // Pure red is L = 299·255/1000 = 76 (truncated) -> 76/255; a prompt's [-path] mask is inverted.
        using var red = torch.tensor(new[] { 1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f }, [1, 3, 2, 2]);
        string? asked = null;
        var assets = new RenderAssets(path => { asked = path; return red.clone(); });
        using var views = Views((0, 0, 1, 1));
        using var mask = PromptMaskFunction.For(new PromptMask(MaskKind.Image, "/masks/red.png", Inverted: true), assets);
        Assert.Equal("/masks/red.png", asked);
        var (_, factor) = Evaluate(mask, views);
        var grey = 1 - 76 / 255.0;                              // inverted; the one-pixel box (clamped) sees it
        Assert.Equal(grey / Math.Sqrt(grey), factor[0], 5);
        Assert.Throws<ArgumentNullException>(() => PromptMaskFunction.For(new PromptMask(MaskKind.Image, "/masks/red.png")));
    }

    [Fact]
    public void A_text_prompt_with_an_all_black_mask_has_no_loss_and_no_gradient()
    {
        using var ensemble = Fixtures.TinyVit();
        var assets = new RenderAssets(_ => torch.zeros([1, 3, 8, 8]));
        var prompt = new Prompt(PromptKind.Text, "a lighthouse", CompiledExpression.Compile("1"), CompiledExpression.Compile("-inf"),
            new PromptMask(MaskKind.Image, "black.png"), CompiledExpression.Compile(Prompt.DefaultCutoff), new Pytti.Scenes.Diagnostics.SourceLocation("test", 1, 1));
        using var text = new TextPrompt(prompt, assets);
        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(5);
        var image = torch.rand([1, 3, 32, 32], generator: g).requires_grad_();
        var sampler = new CutoutSampler(ensemble.Perceptors[0].InputResolution, 4, 1, 0, BorderMode.Clamp, augment: false);
        using var views = CutoutEmbeddings.Embed(image, ensemble, _ => sampler, g);
        using var value = text.Evaluate(views, new Dictionary<string, double> { ["t"] = 0 });
        Assert.Equal(0, value.Loss.item<float>());
        var grad = CheckedAutograd.Grad([value.Loss], [image], allowUnused: true)[0];
        Assert.True(grad is null || grad.abs().sum().ToDouble() == 0);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
