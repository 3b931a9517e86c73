using Pytti.Models.Depth;
using Pytti.Models.Tests.Clip;
using Pytti.Testing;
using Pytti.Torch;
using Pytti.Torch.NN;
using static TorchSharp.torch;

namespace Pytti.Models.Tests.Depth;

/// <summary>Missing files, other models' checkpoints, bad inputs; and upstream's resize rule.</summary>
[Collection(LibTorchCollection.Name)]
public class DepthErrorTests
{
    [Fact]
    public void A_missing_checkpoint_names_the_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => DepthModel.Load("/no/such/depth.pth"));
        Assert.Contains("/no/such/depth.pth", error.Message);
    }

    [Fact]
    public void Another_models_checkpoint_names_the_missing_key()
    {
        var error = Assert.Throws<DepthLoadException>(() => DepthModel.Load(SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth")));
        Assert.Contains("pretrained.cls_token", error.Message);
        Assert.Contains("tiny_raft_small.pth", error.Message);
    }

    [Fact]
    public void Heads_default_to_dinov2s_width_over_64_unless_given()
    {
        // heads change no parameter shape, so the weights cannot tell them; the fixture's 2 must be given
        var weights = Weights.LoadTorch(DepthGoldenTests.TinyPath);
        try
        {
            Assert.Equal(1, DepthConfig.Infer(weights).Heads);
            Assert.Equal(2, DepthConfig.Infer(weights, heads: 2).Heads);
        }
        finally
        {
            weights.DisposeAll();
        }
    }

    [Fact]
    public void Network_inputs_must_be_multiples_of_14_and_images_rgb()
    {
        using var model = DepthGoldenTests.LoadTiny();
        using (var scope = NewDisposeScope())
        {
            var notMultiple = Assert.Throws<ArgumentException>(() => model.forward(zeros(1, 3, 70, 71))).Message;
            Assert.Contains("multiples of 14", notMultiple);
            Assert.Contains("got [1, 3, 70, 71]", notMultiple);
            Assert.Contains("[N, 3, H, W]", Assert.Throws<ArgumentException>(() => model.Predict(zeros(1, 1, 70, 70))).Message);
        }
    }

    [Theory]
    [InlineData(70, 70, 70, 70, 70)]
    [InlineData(70, 98, 70, 70, 98)]
    [InlineData(480, 640, 518, 518, 686)]      // 518·640/480 = 690.7 → round(49.33)·14 = 686
    [InlineData(1000, 500, 518, 1036, 518)]
    [InlineData(100, 100, 50, 56, 56)]         // 50/14 = 3.57 → 4·14 = 56
    [InlineData(100, 100, 63, 70, 70)]         // 63/14 = 4.5 → 4 (half to even) → 56 < 63 → ceil: 70
    public void Sizes_follow_upstreams_lower_bound_multiple_of_14(long h, long w, int inputSize, long expectedH, long expectedW) =>
        Assert.Equal((expectedH, expectedW), DepthPreprocessing.TargetSize(h, w, inputSize));

    [Fact]
    public void Other_sizes_are_resized_for_the_network_and_back()
    {
        using var model = DepthGoldenTests.LoadTiny();
        using var image = rand([1, 3, 50, 60], generator: new TorchSharp.torch.Generator(6));
        using var scope = NewDisposeScope();
        var predicted = model.Predict(image, inputSize: 56);
        Assert.Equal([1L, 1, 50, 60], predicted.shape);
        Assert.True(predicted.min().item<float>() >= 0);
        Assert.Equal([1L, 3, 56, 70], DepthPreprocessing.Prepare(image, 56).shape);
    }

    [Fact]
    public void The_network_is_differentiable_in_its_input()
    {
        // depth stabilisation trains the image through the depth network (reference 6.5)
        using var model = DepthGoldenTests.LoadTiny();
        var before = TorchLiveTensors.Count();
        using (var scope = NewDisposeScope())
        {
            using var generator = new TorchSharp.torch.Generator(7);
            var input = randn([1, 3, 42, 56], generator: generator).requires_grad_();
            var grad = autograd.grad([model.forward(input).sum()], [input])[0];
            Assert.Equal(input.shape, grad.shape);
            Assert.True(grad.abs().sum().item<float>() > 0);
        }
        Assert.Equal(before, TorchLiveTensors.Count());
    }
}
