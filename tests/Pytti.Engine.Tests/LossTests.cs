using Pytti.Engine.Losses;
using Pytti.Engine.Prompts;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>
/// Each loss term, optimised on its own on a tiny image, decreases; weights and stops act as PyTTI's.
/// </summary>
public class LossTests
{
    private static readonly IReadOnlyDictionary<string, double> T0 = new Dictionary<string, double> { ["t"] = 0 };
    private static CompiledExpression E(string text) => CompiledExpression.Compile(text);

    /// <summary>Runs Adam on a random 16×16 image for <paramref name="steps"/> steps; returns the first and last raw loss.</summary>
    private static (double First, double Last) Optimise(Func<torch.Tensor, LossValue?> loss, int steps = 40, double lr = 0.05)
    {
        using var g = new torch.Generator(1);
        using var image = Trainable.Image(torch.rand([1, 3, 16, 16], generator: g));
        using var adam = Trainable.Adam(lr, image);
        double first = double.NaN, last = double.NaN;
        for (var i = 0; i < steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            adam.ClearGrads();
            using var value = loss(image.ClampWithGrad(0, 1))!;
            if (i == 0) first = value.Raw;
            last = value.Raw;
            value.Loss.Backward();
            adam.step();
        }
        return (first, last);
    }

    [Fact]
    public void Smoothing_decreases_total_variation()
    {
        using var tv = new TvLoss(E("1"));
        var (first, last) = Optimise(x => tv.Evaluate(x, T0));
        Assert.True(last < first * 0.5, $"{first} -> {last}");
    }

    [Fact]
    public void Negative_smoothing_weight_increases_it()
    {
        using var tv = new TvLoss(E("-1"));
        var (first, last) = Optimise(x => tv.Evaluate(x, T0));
        Assert.True(last > first, $"{first} -> {last}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Direct_image_loss_pulls_towards_the_target(bool hsv)
    {
        using var direct = new DirectImageLoss("direct", E("1"), null, torch.full([1, 3, 32, 32], 0.8), hsv);   // another size: resized to the image
        var (first, last) = Optimise(x => direct.Evaluate(x, T0), steps: 60);
        Assert.True(last < first * 0.1, $"{first} -> {last}");
    }

    [Fact]
    public void Edge_loss_matches_the_target_edges()
    {
        using var g = new torch.Generator(8);
        using var target = torch.rand([1, 3, 16, 16], generator: g);
        using var edge = new EdgeLoss("edges", E("1"), null, target);
        var (first, last) = Optimise(x => edge.Evaluate(x, T0), steps: 60);
        Assert.True(last < first * 0.5, $"{first} -> {last}");
    }

    [Fact]
    public void A_stop_ends_the_pull_once_reached()
    {
        using var direct = new DirectImageLoss("direct", E("1"), E("0.05"), torch.full([1, 3, 4, 4], 0.5), hsv: false);
        double GradientAt(double value)
        {
            using var scope = torch.NewDisposeScope();
            var image = torch.full([1, 3, 4, 4], value).requires_grad_();
            using var loss = direct.Evaluate(image, T0)!;
            var grad = CheckedAutograd.Grad([loss.Loss], [image], allowUnused: true)[0];
            return grad?.abs().sum().ToDouble() ?? 0;
        }
        Assert.True(GradientAt(0.8) > 0);      // raw 0.09 > stop: pulls
        Assert.Equal(0, GradientAt(0.7));      // raw 0.04 < stop: no gradient
    }

    [Fact]
    public void A_weight_of_exactly_zero_contributes_nothing()
    {
        using var tv = new TvLoss(E("0"));
        using var image = torch.rand([1, 3, 4, 4]);
        Assert.Null(tv.Evaluate(image, T0));
    }

    [Fact]
    public void Weights_are_expressions_of_time()
    {
        using var direct = new DirectImageLoss("direct", E("t*2"), null, torch.zeros([1, 3, 4, 4]), hsv: false);
        using var image = torch.full([1, 3, 4, 4], 0.5);
        using var at1 = direct.Evaluate(image, new Dictionary<string, double> { ["t"] = 1 })!;
        using var at2 = direct.Evaluate(image, new Dictionary<string, double> { ["t"] = 2 })!;
        Assert.Equal(0.25, at1.Raw, 6);
        Assert.Equal(2 * at1.Loss.item<float>(), at2.Loss.item<float>(), 6);
    }

    [Fact]
    public void Hsv_channels_are_rgb_plus_saturation_and_value()
    {
        using var scope = torch.NewDisposeScope();
        var rgb = torch.tensor(new[] { 1f, 0.5f, 0.25f }, [1, 3, 1, 1]);
        var five = DirectImageLoss.WithSaturationValue(rgb).Floats();
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
        using var loss = new DirectImageLoss("masked", CompiledExpression.Compile("1"), null, torch.full([1, 3, 8, 8], 0.9), hsv: false,
            torch.cat([torch.ones([1, 1, 8, 4]), torch.zeros([1, 1, 8, 4])], 3));   // left half
        using var scope = torch.NewDisposeScope();
        var image = torch.full([1, 3, 8, 8], 0.1).requires_grad_();
        using var value = loss.Evaluate(image, new Dictionary<string, double> { ["t"] = 0 })!;
        var grad = CheckedAutograd.Grad([value.Loss], [image])[0]!;
        Assert.True(grad.narrow(3, 0, 4).abs().min().ToDouble() > 0);       // every masked pixel is pulled
        Assert.Equal(0, grad.narrow(3, 4, 4).abs().max().ToDouble());       // nothing outside
    }
}
