using Pytti.Models.Depth;
using Pytti.Models.Tests.Clip;
using Pytti.Models.Tests.Flow;
using Pytti.Testing;
using Pytti.Torch;
using Xunit.Abstractions;

namespace Pytti.Models.Tests.Depth;

/// <summary>
/// Our Depth Anything V2 against upstream's on the fixture (../shared/fixtures/depth/README.md): a tiny
/// random DINOv2 (width 64, 4 blocks, 2 heads) with a DPT head, on a 70x70 and a 70x98 image, at every
/// stage: preprocessing, the backbone's four normalised layers, the network output and <c>infer_image</c>.
/// Tolerance 1e-5, the README's advice (outputs up to 1.02); 1e-6 on the normalised input.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class DepthGoldenTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData("", "", 70, 70)]
    [InlineData("2", "2", 70, 98)]
    public void Every_stage_matches_upstream(string suffix, string featureSuffix, long height, long width)
    {
        var before = RaftGoldenTests.LiveTensors();
        var golden = Weights.Load(SharedFixtures.Path("fixtures", "depth", "golden.safetensors"));
        try
        {
            using var model = LoadTiny();
            using var scope = LibTorch.NewDisposeScope();
            var image = FromBgr(golden["raw_bgr" + suffix]);
            Assert.Equal([1L, 3, height, width], image.Shape);
            GoldenAssert.Close(golden["input" + suffix], DepthPreprocessing.Prepare(image, 70), 1e-6, "input" + suffix, output);

            var layers = model.IntermediateLayers(golden["input" + suffix]);
            for (var j = 0; j < 4; j++)
            {
                GoldenAssert.Close(golden[$"features{featureSuffix}_{j}"], layers[j].Patches, Tolerance, $"features{featureSuffix}_{j}", output);
                GoldenAssert.Close(golden[$"cls{featureSuffix}_{j}"], layers[j].Class, Tolerance, $"cls{featureSuffix}_{j}", output);
                layers[j].Patches.Dispose();
                layers[j].Class.Dispose();
            }
            GoldenAssert.Close(golden["output" + suffix], model.Forward(golden["input" + suffix]), Tolerance, "output" + suffix, output);
            var depth = model.Predict(image, inputSize: 70);
            Assert.Equal([1L, 1, height, width], depth.Shape);
            GoldenAssert.Close(golden["infer_image" + suffix], depth[0][0], Tolerance, "infer_image" + suffix, output);
        }
        finally
        {
            foreach (var t in golden.Values) t.Dispose();
        }
        Assert.Equal(before, RaftGoldenTests.LiveTensors());
    }

    [Fact]
    public void The_architecture_is_read_from_the_checkpoint()
    {
        using var model = LoadTiny();
        var c = model.Config;
        Assert.Equal((64L, 4, 2, 256L, 14, true, 16L), (c.EmbedDim, c.Depth, c.Heads, c.MlpHidden, c.PatchSize, c.LayerScale, c.Features));
        Assert.Equal([8L, 16, 32, 32], c.OutChannels);
        Assert.Equal([0, 1, 2, 3], c.LayerIndices);
        Assert.False(c.UseBatchNorm);
        Assert.False(c.UseClassToken);
    }

    /// <summary>The fixture's backbone has 2 heads, which the weights cannot tell (DINOv2's width/64 would say 1).</summary>
    internal static DepthModel LoadTiny() =>
        DepthModel.Load(SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth"), heads: 2);

    /// <summary>An HxWx3 BGR image of 0..255 integers → RGB [1, 3, H, W] in [0, 1].</summary>
    private static Tensor FromBgr(Tensor bgr)
    {
        using var scope = LibTorch.NewDisposeScope();
        var rgb = bgr.To(DType.Float32).Flip(2).Permute(2, 0, 1).Unsqueeze(0);   // [1, 3, H, W]
        return (rgb / 255.0).MoveToOuterScope();
    }
}
