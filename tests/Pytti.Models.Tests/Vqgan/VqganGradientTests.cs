using Pytti.Models.Tests.Clip;
using Pytti.Models.Vqgan;
using Pytti.Torch;
using Pytti.Torch.Optim;

namespace Pytti.Models.Tests.Vqgan;

/// <summary>The engine optimises latents: the decoded image's gradient must reach the continuous latent, straight through the quantizer.</summary>
[Collection(LibTorchCollection.Name)]
public class VqganGradientTests
{
    [Fact]
    public void Gradient_flows_from_the_decoded_image_straight_through_to_the_latent()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Tensor.LiveCount;
        using (var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config))
        using (var scope = LibTorch.NewDisposeScope())
        {
            var z = Tensor.RandN([1, 8, 4, 6], new Generator(7)).RequiresGrad_();
            var q = model.Quantize(z);
            var image = model.Decode(q.Quantized);
            Assert.Equal([1L, 3, 8, 12], image.Shape);
            var gradZ = Autograd.Grad([image.Square().Mean()], [z])[0]!;

            // the same loss through a detached copy of the codes: its gradient is what z must receive
            var codes = q.Quantized.Detach().RequiresGrad_();
            var gradCodes = Autograd.Grad([model.Decode(codes).Square().Mean()], [codes])[0]!;
            Assert.True(gradZ.Abs().Max().Item() > 0);
            Assert.Equal(gradCodes.ToFloatArray(), gradZ.ToFloatArray());
        }
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void The_legacy_quantizer_loss_pulls_the_latent_towards_its_codes_with_weight_one()
    {
        using var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
        using var scope = LibTorch.NewDisposeScope();
        var z = Tensor.RandN([1, 8, 2, 2], new Generator(8)).RequiresGrad_();
        var q = model.Quantize(z);
        var grad = Autograd.Grad([q.Loss], [z])[0]!;
        // legacy loss mean((sg[e] - z)^2) + beta * mean((e - sg[z])^2): only the first term reaches z (weight 1, not beta)
        var expected = (z.Detach() - q.Quantized.Detach()) * (2.0 / z.NumElements);
        Assert.Equal(1.25 * (z.Detach() - q.Quantized.Detach()).Square().Mean().Item(), q.Loss.Item(), 1e-6);
        Assert.True((grad - expected).Abs().Max().Item() < 1e-7);
    }

    [Fact]
    public void Adam_on_the_latent_moves_the_decoded_image_towards_a_target_and_memory_stays_flat()
    {
        using var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
        using var target = Tensor.Rand([1, 3, 8, 8], new Generator(11)).DetachFromScopes();
        using var z = Tensor.RandN([1, 8, 4, 4], new Generator(12)).DetachFromScopes().RequiresGrad_();
        using var adam = new Adam([z], model.DefaultLearningRate);
        double Step()
        {
            using var scope = LibTorch.NewDisposeScope();
            adam.ZeroGrad();
            using var q = model.Quantize(z);
            var image = (model.Decode(q.Quantized) + 1.0) / 2.0;
            var loss = (image - target).Square().Mean();
            loss.Backward();
            adam.Step();
            return loss.Item();
        }
        var first = Step();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var live = Tensor.LiveCount;
        var last = first;
        for (var i = 0; i < 30; i++) last = Step();
        Assert.Equal(live, Tensor.LiveCount);
        Assert.True(last < first, $"loss {first} -> {last}");
    }
}
