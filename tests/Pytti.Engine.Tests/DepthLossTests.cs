using Pytti.Engine.Animation;
using Pytti.Engine.Losses;
using Pytti.Models.Depth;
using Pytti.Scenes.Expressions;
using Pytti.Testing;
using Pytti.Torch;
using Pytti.Torch.Optim;

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
        Fixtures.Settle();
        var before = Tensor.LiveCount;
        using (var depth = TinyEstimator())
        {
            using var generator = new Generator(3);
            using var target = Tensor.Rand([1, 3, 16, 16], generator);
            using var image = Trainable.Image(Tensor.Rand([1, 3, 16, 16], generator));
            using var loss = new DepthLoss("depth stabilization", CompiledExpression.Compile("1"), null, depth, target);
            using var adam = Trainable.Adam(0.02, image);
            var values = new List<double>();
            for (var i = 0; i < 30; i++)
            {
                using var scope = LibTorch.NewDisposeScope();
                adam.ClearGrads();
                using var value = loss.Evaluate(image.Torch, new Dictionary<string, double> { ["t"] = 0 })!;   // Wrapper boundary
                values.Add(value.Raw);
                Pytti.Torch.Ops.CheckedAutograd.Backward(value.Loss);   // Wrapper boundary
                adam.step();
            }
            Assert.True(values[0] > 0);
            Assert.True(values[^1] < 0.5 * values[0], string.Join(", ", values));
        }
        Fixtures.Settle();
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void The_loss_of_the_target_itself_is_zero()
    {
        using var depth = TinyEstimator();
        using var generator = new Generator(4);
        using var target = Tensor.Rand([1, 3, 16, 16], generator);
        using var loss = new DepthLoss("depth stabilization", CompiledExpression.Compile("1"), null, depth, target);
        using var value = loss.Evaluate(target.Torch, new Dictionary<string, double> { ["t"] = 0 })!;   // Wrapper boundary
        Assert.Equal(0, value.Raw, 10);
    }

    [Fact]
    public void A_mask_confines_the_depth_loss_to_its_region()
    {
        Fixtures.Settle();
        var before = Tensor.LiveCount;
        using (var depth = TinyEstimator())
        using (var generator = new Generator(5))
        using (LibTorch.NewDisposeScope())
        {
            using var target = Tensor.Rand([1, 3, 16, 16], generator);
            using var image = Tensor.Rand([1, 3, 16, 16], generator);
            var t = new Dictionary<string, double> { ["t"] = 0 };

            // A black mask: no loss and no gradient anywhere, however far the depths are apart.
            image.RequiresGrad = true;
            using (var none = new DepthLoss("depth stabilization", CompiledExpression.Compile("1"), null, depth, target, Tensor.Zeros([1, 1, 16, 16])))
            using (var value = none.Evaluate(image.Torch, t)!)   // Wrapper boundary
            {
                Assert.Equal(0, value.Raw);
                Pytti.Torch.Ops.CheckedAutograd.Backward(value.Loss);   // Wrapper boundary
                using var grad = image.Grad!;
                using var largest = grad.Abs().Max();
                Assert.Equal(0f, largest.Item());
            }

            // The left half: the mean over the whole map of the squared difference inside the half.
            using var half = Tensor.Cat([Tensor.Ones([1, 1, 16, 8]), Tensor.Zeros([1, 1, 16, 8])], 3);
            using var left = new DepthLoss("depth stabilization", CompiledExpression.Compile("1"), null, depth, target, half.Clone());
            using var whole = new DepthLoss("depth stabilization", CompiledExpression.Compile("1"), null, depth, target);
            using var masked = left.Evaluate(image.Torch, t)!;   // Wrapper boundary
            using var unmasked = whole.Evaluate(image.Torch, t)!;   // Wrapper boundary
            using var imageDepth = depth.Predict(image);
            using var targetDepth = depth.Predict(target);
            using var expected = ((imageDepth - targetDepth) * half).Square().Mean();
            Assert.True(masked.Raw > 0);
            Assert.True(masked.Raw < unmasked.Raw, $"{masked.Raw} vs {unmasked.Raw}");
            Assert.Equal(expected.Item(), masked.Raw, 1e-6);
        }
        Fixtures.Settle();
        Assert.Equal(before, Tensor.LiveCount);
    }
}
