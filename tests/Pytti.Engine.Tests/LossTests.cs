using Pytti.Engine.Losses;
using Pytti.Engine.Prompts;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Torch;
using Pytti.Torch.Optim;

namespace Pytti.Engine.Tests;

/// <summary>Each loss term, optimised on its own on a tiny image, decreases; weights and stops act as PyTTI's.</summary>
public class LossTests
{
    private static readonly IReadOnlyDictionary<string, double> T0 = new Dictionary<string, double> { ["t"] = 0 };
    private static CompiledExpression E(string text) => CompiledExpression.Compile(text);

    /// <summary>Runs Adam on a random 16×16 image for <paramref name="steps"/> steps; returns the first and last raw loss.</summary>
    private static (double First, double Last) Optimise(Func<Tensor, LossValue?> loss, int steps = 40, double lr = 0.05)
    {
        using var g = new Generator(1);
        using var image = Trainable.Image(Tensor.Rand([1, 3, 16, 16], g));
        using var adam = Trainable.Adam(lr, image);
        double first = double.NaN, last = double.NaN;
        for (var i = 0; i < steps; i++)
        {
            using var scope = LibTorch.NewDisposeScope();
            adam.ClearGrads();
            using var value = loss(GradientOps.ClampWithGrad(image, 0, 1))!;
            if (i == 0) first = value.Raw;
            last = value.Raw;
            Pytti.Torch.Ops.CheckedAutograd.Backward(value.Loss);   // Wrapper boundary
            adam.step();
        }
        return (first, last);
    }

    [Fact]
    public void Smoothing_decreases_total_variation()
    {
        using var tv = new TvLoss(E("1"));
        var (first, last) = Optimise(x => tv.Evaluate(x.Torch, T0));
        Assert.True(last < first * 0.5, $"{first} -> {last}");
    }

    [Fact]
    public void Negative_smoothing_weight_increases_it()
    {
        using var tv = new TvLoss(E("-1"));
        var (first, last) = Optimise(x => tv.Evaluate(x.Torch, T0));
        Assert.True(last > first, $"{first} -> {last}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Direct_image_loss_pulls_towards_the_target(bool hsv)
    {
        using var target = Tensor.Full([1, 3, 32, 32], 0.8);   // another size: resized to the image
        using var direct = new DirectImageLoss("direct", E("1"), null, target.Share(), hsv);
        var (first, last) = Optimise(x => direct.Evaluate(x.Torch, T0), steps: 60);
        Assert.True(last < first * 0.1, $"{first} -> {last}");
    }

    [Fact]
    public void Edge_loss_matches_the_target_edges()
    {
        using var g = new Generator(8);
        using var target = Tensor.Rand([1, 3, 16, 16], g);
        using var edge = new EdgeLoss("edges", E("1"), null, target);
        var (first, last) = Optimise(x => edge.Evaluate(x.Torch, T0), steps: 60);
        Assert.True(last < first * 0.5, $"{first} -> {last}");
    }

    [Fact]
    public void A_stop_ends_the_pull_once_reached()
    {
        using var target = Tensor.Full([1, 3, 4, 4], 0.5);
        using var direct = new DirectImageLoss("direct", E("1"), E("0.05"), target.Share(), hsv: false);
        double GradientAt(double value)
        {
            using var scope = LibTorch.NewDisposeScope();
            var image = Tensor.Full([1, 3, 4, 4], value).RequiresGrad_();
            using var loss = direct.Evaluate(image.Torch, T0)!;   // Wrapper boundary
            var grad = Autograd.Grad([Rendering.WrapperBoundary.Lend(loss.Loss)], [image], allowUnused: true)[0];   // Wrapper boundary
            return grad?.Abs().Sum().Item() ?? 0;
        }
        Assert.True(GradientAt(0.8) > 0);      // raw 0.09 > stop: pulls
        Assert.Equal(0, GradientAt(0.7));      // raw 0.04 < stop: no gradient
    }

    [Fact]
    public void A_weight_of_exactly_zero_contributes_nothing()
    {
        using var tv = new TvLoss(E("0"));
        using var image = Tensor.Rand([1, 3, 4, 4]);
        Assert.Null(tv.Evaluate(image.Torch, T0));   // Wrapper boundary
    }

    [Fact]
    public void Weights_are_expressions_of_time()
    {
        using var target = Tensor.Zeros([1, 3, 4, 4]);
        using var direct = new DirectImageLoss("direct", E("t*2"), null, target.Share(), hsv: false);
        using var image = Tensor.Full([1, 3, 4, 4], 0.5);
        using var at1 = direct.Evaluate(image.Torch, new Dictionary<string, double> { ["t"] = 1 })!;   // Wrapper boundary
        using var at2 = direct.Evaluate(image.Torch, new Dictionary<string, double> { ["t"] = 2 })!;   // Wrapper boundary
        Assert.Equal(0.25, at1.Raw, 6);
        Assert.Equal(2 * at1.Loss.item<float>(), at2.Loss.item<float>(), 6);   // Wrapper boundary
    }

    [Fact]
    public void Hsv_channels_are_rgb_plus_saturation_and_value()
    {
        using var scope = LibTorch.NewDisposeScope();
        var rgb = Tensor.From([1f, 0.5f, 0.25f], 1, 3, 1, 1);
        var five = DirectImageLoss.WithSaturationValue(rgb).ToArray<float>();
        Assert.Equal([1f, 0.5f, 0.25f], five[..3]);
        Assert.Equal(0.75f, five[3], 5);                        // (max-min)/max
        Assert.Equal(1f, five[4]);                              // max
    }
}

public class MaskedLossTests
{
    [Fact]
    public void A_mask_confines_the_direct_loss_gradient_to_the_masked_region()
    {
        using var scope = LibTorch.NewDisposeScope();
        var target = Tensor.Full([1, 3, 8, 8], 0.9);
        var mask = Tensor.Cat([Tensor.Ones([1, 1, 8, 4]), Tensor.Zeros([1, 1, 8, 4])], 3);   // left half
        using var loss = new DirectImageLoss("masked", CompiledExpression.Compile("1"), null, target, hsv: false, mask);
        var image = Tensor.Full([1, 3, 8, 8], 0.1).RequiresGrad_();
        using var value = loss.Evaluate(image.Torch, new Dictionary<string, double> { ["t"] = 0 })!;   // Wrapper boundary
        var grad = Autograd.Grad([Rendering.WrapperBoundary.Lend(value.Loss)], [image])[0]!;   // Wrapper boundary
        Assert.True(grad.Narrow(3, 0, 4).Abs().Min().Item() > 0);           // every masked pixel is pulled
        Assert.Equal(0, grad.Narrow(3, 4, 4).Abs().Max().Item());           // nothing outside
    }
}
