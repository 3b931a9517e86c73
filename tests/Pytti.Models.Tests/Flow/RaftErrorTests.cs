using Pytti.Models.Flow;
using Pytti.Models.Tests.Clip;
using Pytti.Testing;
using Pytti.Torch;

namespace Pytti.Models.Tests.Flow;

/// <summary>Missing files, checkpoints of something else, and image pairs RAFT cannot take are named clearly.</summary>
[Collection(LibTorchCollection.Name)]
public class RaftErrorTests
{
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
        using var model = FlowModel.Load(SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth"));
        using var scope = LibTorch.NewDisposeScope();
        var image = Tensor.Zeros([1, 3, 64, 64]);
        var error = Assert.Throws<ArgumentException>(() => model.Estimate(image, image, 2));
        Assert.Contains("121x121", error.Message);
        Assert.Contains("64x64", error.Message);
    }

    [Fact]
    public void Pairs_of_different_shapes_or_not_rgb_are_refused()
    {
        using var model = FlowModel.Load(SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth"));
        using var scope = LibTorch.NewDisposeScope();
        var a = Tensor.Zeros([1, 3, 128, 128]);
        Assert.Contains("differ in shape", Assert.Throws<ArgumentException>(() => model.Estimate(a, Tensor.Zeros([1, 3, 128, 136]), 2)).Message);
        Assert.Contains("[N, 3, H, W]", Assert.Throws<ArgumentException>(() => model.Estimate(Tensor.Zeros([1, 1, 128, 128]), a, 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Estimate(a, a, 0));
        Assert.Contains("[1, 2, 16, 16]", Assert.Throws<ArgumentException>(() => model.Estimate(a, a, 1, initialFlow: Tensor.Zeros([1, 2, 8, 8]))).Message);
    }

    [Fact]
    public void Sizes_that_are_not_multiples_of_8_are_padded_and_cropped_back()
    {
        using var model = FlowModel.Load(SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth"));
        using var scope = LibTorch.NewDisposeScope();
        var image = Tensor.Rand([1, 3, 125, 130]);
        using var estimate = model.Estimate(image, image, 1);
        Assert.Equal([1L, 2, 125, 130], estimate.Flow.Shape);
        Assert.Equal([1L, 2, 16, 17], estimate.LowResolution.Shape);
    }

    [Fact]
    public void A_differentiable_estimate_carries_gradients_to_the_images()
    {
        var before = RaftGoldenTests.LiveTensors();
        using (var model = FlowModel.Load(SharedFixtures.Path("fixtures", "raft", "tiny_raft_small.pth")))
        using (var scope = LibTorch.NewDisposeScope())
        {
            using var generator = new Generator(7);
            var image1 = Tensor.Rand([1, 3, 128, 128], generator);
            var image2 = Tensor.Rand([1, 3, 128, 128], generator).RequiresGrad_();
            using var estimate = model.Estimate(image1, image2, 2, differentiable: true);
            var grad = Autograd.Grad([estimate.Flow.Square().Sum()], [image2])[0]!;
            Assert.True(grad.Abs().Sum().Item() > 0);
            Assert.Equal(0, grad.IsNaN().Sum().Item());
        }
        Assert.Equal(before, RaftGoldenTests.LiveTensors());
    }
}
