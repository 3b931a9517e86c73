using Pytti.Models.Flow;
using Pytti.Models.Tests.Clip;
using Pytti.Testing;
using static TorchSharp.torch;

namespace Pytti.Models.Tests.Flow;

/// <summary>Missing files, checkpoints of something else, and image pairs RAFT cannot take are named clearly.</summary>
[Collection(LibTorchCollection.Name)]
public class RaftErrorTests
{
    private static FlowModel TinySmall() => FlowModel.Load(SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth"));

    [Fact]
    public void A_missing_checkpoint_names_the_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FlowModel.Load("/no/such/raft.pth"));
        Assert.Contains("/no/such/raft.pth", error.Message);
    }

    [Fact]
    public void Another_models_checkpoint_names_the_missing_key()
    {
        var error = Assert.Throws<FlowLoadException>(() => FlowModel.Load(SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth")));
        Assert.Contains("fnet.conv1.weight", error.Message);
        Assert.Contains("tiny_depth_anything.pth", error.Message);
    }

    [Fact]
    public void Images_too_small_for_the_correlation_pyramid_are_refused()
    {
        using var model = TinySmall();
        using var scope = NewDisposeScope();
        var image = zeros(1, 3, 64, 64);
        var error = Assert.Throws<ArgumentException>(() => model.Estimate(image, image, 2));
        Assert.Contains("121x121", error.Message);
        Assert.Contains("64x64", error.Message);
    }

    [Fact]
    public void Pairs_of_different_shapes_or_not_rgb_are_refused()
    {
        using var model = TinySmall();
        using var scope = NewDisposeScope();
        var a = zeros(1, 3, 128, 128);
        Assert.Contains("differ in shape", Assert.Throws<ArgumentException>(() => model.Estimate(a, zeros(1, 3, 128, 136), 2)).Message);
        Assert.Contains("[N, 3, H, W]", Assert.Throws<ArgumentException>(() => model.Estimate(zeros(1, 1, 128, 128), a, 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Estimate(a, a, 0));
        Assert.Contains("[1, 2, 16, 16]", Assert.Throws<ArgumentException>(() => model.Estimate(a, a, 1, initialFlow: zeros(1, 2, 8, 8))).Message);
    }

    [Fact]
    public void Sizes_that_are_not_multiples_of_8_are_padded_and_cropped_back()
    {
        using var model = TinySmall();
        using var scope = NewDisposeScope();
        var image = rand(1, 3, 125, 130);
        using var estimate = model.Estimate(image, image, 1);
        Assert.Equal([1L, 2, 125, 130], estimate.Flow.shape);
        Assert.Equal([1L, 2, 16, 17], estimate.LowResolution.shape);
    }

    [Fact]
    public void A_differentiable_estimate_carries_gradients_to_the_images()
    {
        using var model = TinySmall();
        var before = LiveCounts.Take();
        using (var scope = NewDisposeScope())
        {
            using var generator = new Generator(7);
            var image1 = rand([1, 3, 128, 128], generator: generator);
            var image2 = rand([1, 3, 128, 128], generator: generator).requires_grad_();
            using var estimate = model.Estimate(image1, image2, 2, differentiable: true);
            var grad = autograd.grad([estimate.Flow.square().sum()], [image2])[0];
            Assert.True(grad.abs().sum().item<float>() > 0);
            Assert.Equal(0, grad.isnan().sum().item<long>());
        }
        Assert.Equal(before, LiveCounts.Take());
    }
}
