using Pytti.Engine.Cutouts;
using Pytti.Torch.Ops;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Engine.Tests;

public class CutoutSamplerTests
{
    [Theory]
    [InlineData(BorderMode.Clamp)]
    [InlineData(BorderMode.Mirror)]
    [InlineData(BorderMode.Wrap)]
    [InlineData(BorderMode.Black)]
    [InlineData(BorderMode.Smear)]
    public void Cutouts_have_the_cut_size_and_lie_where_the_border_mode_allows(BorderMode mode)
    {
        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(3);
        var image = torch.rand([1, 3, 40, 60], generator: g);
        var sampler = new CutoutSampler(16, 64, cutPow: 2, border: 0.25, mode);
        using var batch = sampler.Sample(image, g);
        Assert.Equal([64L, 3L, 16L, 16L], batch.Pixels.shape);
        for (var k = 0; k < batch.Count; k++)
        {
            var (ox, oy, sx, sy) = (batch.Offsets[k, 0], batch.Offsets[k, 1], batch.Sizes[k, 0], batch.Sizes[k, 1]);
            Assert.InRange(sx * 60, 1, 40);                      // never larger than the short side
            Assert.Equal(sx * 60, sy * 40, 6);                   // square
            if (mode == BorderMode.Clamp)
            {
                Assert.InRange(ox, 0, 1 - sx + 1e-9);
                Assert.InRange(oy, 0, 1 - sy + 1e-9);
            }
            else
            {
                Assert.InRange(ox, -0.25 - 1e-9, 1.25 - sx + 1e-9);   // may overhang by the border
                Assert.InRange(oy, -0.25 * 40 / 40 - 1e-9, 1.25 - sy + 1e-9);
            }
        }
    }

    [Theory]
    [InlineData(BorderMode.Clamp, PaddingModes.Constant)]
    [InlineData(BorderMode.Mirror, PaddingModes.Reflect)]
    [InlineData(BorderMode.Wrap, PaddingModes.Circular)]
    [InlineData(BorderMode.Black, PaddingModes.Constant)]
    [InlineData(BorderMode.Smear, PaddingModes.Replicate)]
    public void Cutouts_are_each_box_of_the_padded_image_box_averaged_value_and_gradient(BorderMode mode, PaddingModes pad)
    {
        // What the sampler computed before its crops went through one operator: a slice per box, adaptive_avg_pool2d, cat.
        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(4);
        var image = torch.rand([1, 3, 40, 60], generator: g).requires_grad_();
        using var batch = new CutoutSampler(16, 24, cutPow: 2, border: 0.25, mode, augment: false).Sample(image, g);
        var (px, py) = mode == BorderMode.Clamp ? (0, 0) : (15, 10);     // round(60 · 0.25), round(40 · 0.25)
        var source = mode == BorderMode.Clamp ? image : F.pad(image, [px, px, py, py], pad);
        var expected = torch.cat(Enumerable.Range(0, batch.Count).Select(k =>
        {
            var (x, y) = ((long)Math.Round(batch.Offsets[k, 0] * 60) + px, (long)Math.Round(batch.Offsets[k, 1] * 40) + py);
            var size = (long)Math.Round(batch.Sizes[k, 0] * 60);
            return F.adaptive_avg_pool2d(source.narrow(2, y, size).narrow(3, x, size), [16, 16]);
        }).ToList(), 0);
        Assert.Equal(expected.detach().data<float>().ToArray(), batch.Pixels.detach().data<float>().ToArray());

        var weights = torch.randn(expected.shape, generator: g);
        var reference = CheckedAutograd.Grad([expected], [image], [weights])[0]!.data<float>().ToArray();
        var actual = CheckedAutograd.Grad([batch.Pixels], [image], [weights])[0]!.data<float>().ToArray();
        // float32 sums of up to 40 boxes' shares, added in another order than autograd's: equal to a few ulps (1e-6 relative).
        for (var i = 0; i < reference.Length; i++) Assert.Equal(reference[i], actual[i], 1e-6f + 1e-6f * Math.Abs(reference[i]));
    }

    [Fact]
    public void Sizes_follow_cut_pow_larger_pow_means_smaller_cutouts()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(5);
        var image = torch.rand([1, 3, 64, 64], generator: g);
        double MeanSize(double pow)
        {
            using var batch = new CutoutSampler(8, 200, pow, 0, BorderMode.Clamp, augment: false).Sample(image, g);
            return Enumerable.Range(0, batch.Count).Average(k => batch.Sizes[k, 0]);
        }
        var (one, four) = (MeanSize(1), MeanSize(4));
        Assert.InRange(one, 0.7, 0.85);                          // E[clip(N(0.8, 0.3), 1/8, 1)] ~ 0.76
        Assert.True(four < one - 0.2, $"cut_pow 4 mean {four}, cut_pow 1 mean {one}");
    }

    [Fact]
    public void Without_augmentation_a_whole_image_cutout_is_the_box_average()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(1);
        var image = torch.full([1, 3, 8, 8], 0.25f);
        using var batch = new CutoutSampler(4, 3, 1, 0, BorderMode.Clamp, augment: false).Sample(image, g);
        Assert.All(batch.Pixels.data<float>().ToArray(), v => Assert.Equal(0.25f, v, 6));
    }

    [Fact]
    public void The_same_seed_draws_the_same_cutouts_and_augmentations()
    {
        using var scope = torch.NewDisposeScope();
        using var g0 = new torch.Generator(9);
        var image = torch.rand([1, 3, 32, 32], generator: g0);
        float[] Draw()
        {
            using var g = new torch.Generator(77);
            using var batch = new CutoutSampler(16, 8, 2, 0.25, BorderMode.Mirror).Sample(image, g);
            return batch.Pixels.data<float>().ToArray();
        }
        Assert.Equal(Draw(), Draw());
    }

    [Fact]
    public void Augmentations_keep_shape_and_change_pixels_moderately()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(2);
        var x = torch.rand([32, 3, 16, 16], generator: g);
        var y = Augmentations.Apply(x, g);
        Assert.Equal(x.shape, y.shape);
        var difference = (y - x).abs().mean().item<float>();
        Assert.InRange(difference, 0.02, 0.5);
        Assert.False(y.isnan().any().item<bool>());
    }

    [Fact]
    public void A_step_s_sampling_and_backward_leave_no_TorchSharp_tensor_behind()
    {
        using var g = new torch.Generator(6);
        using var image = torch.rand([1, 3, 48, 40], generator: g).requires_grad_();
        var sampler = new CutoutSampler(16, 12, cutPow: 1, border: 0.25, BorderMode.Mirror);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            using var batch = sampler.Sample(image, g);
            batch.Pixels.sum().Backward();
            image.grad = null;
        }
        Step();
        var before = torch.Tensor.TotalCount;
        for (var i = 0; i < 3; i++) Step();
        Assert.Equal(before, torch.Tensor.TotalCount);
    }
}
