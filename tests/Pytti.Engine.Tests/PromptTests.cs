using Pytti.Engine.Cutouts;
using Pytti.Engine.Prompts;
using Pytti.Models.Clip;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;
using TorchSharp.Modules;

namespace Pytti.Engine.Tests;

/// <summary>CLIP prompt terms with the fixture ViT: they optimise, and weight, stop and masks act as reference 3.5–3.7 says.</summary>
public class PromptTests
{
    private static readonly IReadOnlyDictionary<string, double> T0 = new Dictionary<string, double> { ["t"] = 0 };

    private static Prompt Text(string target, string weight = "1", string stop = "-inf", PromptMask? mask = null) =>
        new(PromptKind.Text, target, CompiledExpression.Compile(weight), CompiledExpression.Compile(stop), mask ?? PromptMask.None,
            CompiledExpression.Compile(Prompt.DefaultCutoff), new Pytti.Scenes.Diagnostics.SourceLocation("test", 1, 1));

    private static (double First, double Last) Optimise(PerceptorEnsemble ensemble, PromptTerm prompt, int steps = 25)
    {
        using var g = new torch.Generator(3);
        using var initial = torch.rand([1, 3, 32, 32], generator: g);
        using var image = new Parameter(initial);
        using var adam = AdamCheckpoints.Create([image], 0.05);
        var sampler = new CutoutSampler(ensemble.Perceptors[0].InputResolution, 8, 1, 0, BorderMode.Clamp, augment: false);
        double first = double.NaN, last = double.NaN;
        for (var i = 0; i < steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            adam.ClearGrads();
            using var views = CutoutEmbeddings.Embed(image.ClampWithGrad(0, 1), ensemble, _ => sampler, g);
            using var value = prompt.Evaluate(views, T0);
            if (i == 0) first = value.Raw;
            last = value.Raw;
            value.Loss.Backward();
            adam.step();
        }
        return (first, last);
    }

    [Fact]
    public void A_text_prompt_pulls_the_image_towards_the_text()
    {
        using var ensemble = Fixtures.TinyVit();
        using var prompt = new TextPrompt(Text("a lighthouse"));
        var (first, last) = Optimise(ensemble, prompt);
        Assert.True(last < first - 0.05, $"{first} -> {last}");
    }

    [Fact]
    public void A_negative_weight_pushes_it_away()
    {
        using var ensemble = Fixtures.TinyVit();
        using var prompt = new TextPrompt(Text("a lighthouse", weight: "-1"));
        var (first, last) = Optimise(ensemble, prompt);
        Assert.True(last > first + 0.05, $"{first} -> {last}");
    }

    [Fact]
    public void Loss_value_is_weighted_distance_and_gradient_stops_below_the_stop()
    {
        using var ensemble = Fixtures.TinyVit();
        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(4);
        var image = torch.rand([1, 3, 32, 32], generator: g).requires_grad_();
        var sampler = new CutoutSampler(64, 4, 1, 0, BorderMode.Clamp, augment: false);
        using var views = CutoutEmbeddings.Embed(image, ensemble, _ => sampler, g);
        using var pull = new TextPrompt(Text("a lighthouse", weight: "2"));
        using var value = pull.Evaluate(views, T0);
        Assert.Equal(2 * value.Raw, value.Loss.ToDouble(), 5);
        using var stopped = new TextPrompt(Text("a lighthouse", weight: "2", stop: "10"));   // every distance is below 10
        using var stoppedValue = stopped.Evaluate(views, T0);
        var grad = CheckedAutograd.Grad([stoppedValue.Loss], [image], allowUnused: true)[0];
        Assert.True(grad is null || grad.abs().sum().ToDouble() == 0, "no gradient once every element is below its stop");
        Assert.Equal(value.Loss.ToDouble(), stoppedValue.Loss.ToDouble(), 6);                      // the value itself is unchanged
    }

    [Fact]
    public void A_disabled_prompt_is_a_constant()
    {
        using var ensemble = Fixtures.TinyVit();
        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(4);
        var sampler = new CutoutSampler(64, 4, 1, 0, BorderMode.Clamp, augment: false);
        using var views = CutoutEmbeddings.Embed(torch.rand([1, 3, 32, 32], generator: g), ensemble, _ => sampler, g);
        using var off = new TextPrompt(Text("x", weight: "0"));
        using var value = off.Evaluate(views, T0);
        Assert.Equal(0, value.Raw);
        Assert.False(value.Loss.requires_grad);
    }

    [Fact]
    public void Letter_masks_suppress_cutouts_on_the_other_side()
    {
        var before = torch.Tensor.TotalCount;
        var offsets = new double[,] { { 0.0, 0.0 }, { 0.6, 0.0 } };       // centres x = 0.2 and 0.8
        var sizes = new double[,] { { 0.4, 0.4 }, { 0.4, 0.4 } };
        using (var views = new CutoutEmbeddings([new PerceptorView(null!, torch.zeros(2, 4), offsets, sizes)]))
        {
            var (rightStop, rightFactor) = PromptMaskFunction.For(new PromptMask(MaskKind.Right)).Evaluate(views, 0.5);
            using (rightStop) using (rightFactor)
                Assert.Equal([1f, 0f], rightStop.data<float>().ToArray());    // the left cutout is suppressed
            var (allStop, allFactor) = PromptMaskFunction.For(PromptMask.None).Evaluate(views, 0.5);
            using (allStop) using (allFactor)
                Assert.All(allStop.data<float>().ToArray(), v => Assert.Equal(float.NegativeInfinity, v));
        }
        Assert.Equal(before, torch.Tensor.TotalCount);
    }

    [Fact]
    public void An_image_prompt_measures_distance_to_its_image_plus_the_offset()
    {
        using var ensemble = Fixtures.TinyVit();
        using var scope = torch.NewDisposeScope();
        var sampler = new CutoutSampler(64, 6, 1, 0, BorderMode.Clamp, augment: false);
        using var g0 = new torch.Generator(6);
        var target = torch.rand([1, 3, 32, 32], generator: g0);
        var other = torch.rand([1, 3, 32, 32], generator: g0);
        CutoutEmbeddings Embed(torch.Tensor image)
        {
            using var noGrad = torch.no_grad();
            using var g = new torch.Generator(99);                     // the same cutouts every time
            return CutoutEmbeddings.Embed(image, ensemble, _ => sampler, g);
        }
        using var prompt = new ImagePrompt("target", CompiledExpression.Compile("1"), CompiledExpression.Compile("-inf"), PromptMask.None,
            CompiledExpression.Compile(Prompt.DefaultCutoff), Embed(target));
        using var same = Embed(target);
        using var different = Embed(other);
        using var near = prompt.Evaluate(same, T0);
        using var far = prompt.Evaluate(different, T0);
        Assert.Equal(ImagePrompt.Offset, near.Raw, 5);          // identical cutouts: distance 0, plus 0.7
        Assert.True(far.Raw > near.Raw + 1e-4, $"{near.Raw} vs {far.Raw}");
    }
}
