using Pytti.Engine.Animation;
using Pytti.Engine.Losses;
using Pytti.Models.Depth;
using Pytti.Scenes.Expressions;
using Pytti.Testing;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>Depth stabilisation (reference 6.5 with Depth Anything V2) through the tiny depth fixture.</summary>
public class DepthLossTests
{
    public static string TinyDepth => SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth");

    /// <summary>The tiny fixture (2 heads, not width/64) at its smallest input: 28×28 (2×2 patches).</summary>
    public static DepthEstimator TinyEstimator(int inputSize = 28) => new(() => DepthModel.Load(TinyDepth, heads: 2), inputSize);

    [Fact]
    public void Optimised_alone_the_depth_loss_falls_and_leaks_nothing()
    {
        using var depth = TinyEstimator();
        depth.EnsureLoaded();                                                   // TorchSharp counts every Parameter ever made: build first
        using var generator = new torch.Generator(3);
        using var target = torch.rand([1, 3, 16, 16], generator: generator);
        using var image = Trainable.Image(torch.rand([1, 3, 16, 16], generator: generator));
        var before = TorchValues.LiveCount();
        {
            using var loss = new DepthLoss("depth stabilization", CompiledExpression.Compile("1"), null, depth, target);
            using var adam = Trainable.Adam(0.02, image);
            var values = new List<double>();
            for (var i = 0; i < 30; i++)
            {
                using var scope = torch.NewDisposeScope();
                adam.ClearGrads();
                using var value = loss.Evaluate(image, new Dictionary<string, double> { ["t"] = 0 })!;
                values.Add(value.Raw);
                value.Loss.Backward();
                adam.step();
            }
            Assert.True(values[0] > 0);
            Assert.True(values[^1] < 0.5 * values[0], string.Join(", ", values));
        }
        Assert.Equal(before, TorchValues.LiveCount());
    }

    [Fact]
    public void The_loss_of_the_target_itself_is_zero()
    {
        using var depth = TinyEstimator();
        using var generator = new torch.Generator(4);
        using var target = torch.rand([1, 3, 16, 16], generator: generator);
        using var loss = new DepthLoss("depth stabilization", CompiledExpression.Compile("1"), null, depth, target);
        using var value = loss.Evaluate(target, new Dictionary<string, double> { ["t"] = 0 })!;
        Assert.Equal(0, value.Raw, 10);
    }

    [Fact]
    public void A_mask_confines_the_depth_loss_to_its_region()
    {
        using var depth = TinyEstimator();
        depth.EnsureLoaded();
        var before = TorchValues.LiveCount();
        using (var generator = new torch.Generator(5))
        using (torch.NewDisposeScope())
        {
            var target = torch.rand([1, 3, 16, 16], generator: generator);
            var image = torch.rand([1, 3, 16, 16], generator: generator).requires_grad_();
            var t = new Dictionary<string, double> { ["t"] = 0 };

            // A black mask: no loss and no gradient anywhere, however far the depths are apart.
            using (var none = new DepthLoss("depth stabilization", CompiledExpression.Compile("1"), null, depth, target, torch.zeros([1, 1, 16, 16])))
            using (var value = none.Evaluate(image, t)!)
            {
                Assert.Equal(0, value.Raw);
                value.Loss.Backward();
                Assert.Equal(0f, image.grad!.abs().max().ToSingle());
            }

            // The left half: the mean over the whole map of the squared difference inside the half.
            var half = torch.cat([torch.ones([1, 1, 16, 8]), torch.zeros([1, 1, 16, 8])], 3);
            using var left = new DepthLoss("depth stabilization", CompiledExpression.Compile("1"), null, depth, target, half.clone());
            using var whole = new DepthLoss("depth stabilization", CompiledExpression.Compile("1"), null, depth, target);
            using var masked = left.Evaluate(image, t)!;
            using var unmasked = whole.Evaluate(image, t)!;
            var expected = ((depth.Predict(image) - depth.Predict(target)) * half).square().mean();
            Assert.True(masked.Raw > 0);
            Assert.True(masked.Raw < unmasked.Raw, $"{masked.Raw} vs {unmasked.Raw}");
            Assert.Equal(expected.ToDouble(), masked.Raw, 1e-6);
        }
        Assert.Equal(before, TorchValues.LiveCount());
    }
}
