using Pytti.Models.Tests.Clip;
using Pytti.Models.Vqgan;
using Pytti.Torch.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Models.Tests.Vqgan;

/// <summary>The engine optimises latents: the decoded image's gradient must reach the continuous latent, straight through the quantizer.</summary>
[Collection(LibTorchCollection.Name)]
public class VqganGradientTests
{
    [Fact]
    public void Gradient_flows_from_the_decoded_image_straight_through_to_the_latent()
    {
        using var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
        var before = TorchLiveTensors.Count();
        using (var scope = NewDisposeScope())
        {
            var z = randn([1, 8, 4, 6], generator: new Generator(7)).requires_grad_();
            var q = model.Quantize(z);
            var image = model.Decode(q.Quantized);
            Assert.Equal([1L, 3, 8, 12], image.shape);
            var gradZ = autograd.grad([image.square().mean()], [z])[0];

            // the same loss through a detached copy of the codes: its gradient is what z must receive
            var codes = q.Quantized.detach().requires_grad_();
            var gradCodes = autograd.grad([model.Decode(codes).square().mean()], [codes])[0];
            Assert.True(gradZ.abs().max().item<float>() > 0);
            Assert.Equal(TorchGolden.Floats(gradCodes), TorchGolden.Floats(gradZ));
        }
        Assert.Equal(before, TorchLiveTensors.Count());
    }

    [Fact]
    public void The_legacy_quantizer_loss_pulls_the_latent_towards_its_codes_with_weight_one()
    {
        using var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
        using var scope = NewDisposeScope();
        var z = randn([1, 8, 2, 2], generator: new Generator(8)).requires_grad_();
        var q = model.Quantize(z);
        var grad = autograd.grad([q.Loss], [z])[0];
        // legacy loss mean((sg[e] - z)^2) + beta * mean((e - sg[z])^2): only the first term reaches z (weight 1, not beta)
        var expected = (z.detach() - q.Quantized.detach()) * (2.0 / z.numel());
        Assert.Equal(1.25 * (z.detach() - q.Quantized.detach()).square().mean().item<float>(), q.Loss.item<float>(), 1e-6);
        Assert.True((grad - expected).abs().max().item<float>() < 1e-7);
    }

    [Fact]
    public void Adam_on_the_latent_moves_the_decoded_image_towards_a_target_and_memory_stays_flat()
    {
        using var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
        using var target = rand([1, 3, 8, 8], generator: new Generator(11));
        using var z = nn.Parameter(randn([1, 8, 4, 4], generator: new Generator(12)));
        using var adam = AdamCheckpoints.Create([z], model.DefaultLearningRate);   // the engine's Adam: PyTorch's defaults
        double Step()
        {
            using var scope = NewDisposeScope();
            adam.ClearGrads();
            var q = model.Quantize(z);
            var image = (model.Decode(q.Quantized) + 1.0) / 2.0;
            var loss = (image - target).square().mean();
            loss.backward();
            adam.step();
            return loss.item<float>();
        }
        var first = Step();
        var live = TorchLiveTensors.Count();
        var last = first;
        for (var i = 0; i < 30; i++) last = Step();
        Assert.Equal(live, TorchLiveTensors.Count());
        Assert.True(last < first, $"loss {first} -> {last}");
    }
}
