using Pytti.Models.Depth;
using Pytti.Models.Tests.Clip;
using Pytti.Testing;
using Pytti.Torch;
using Pytti.Torch.NN;
using Pytti.Torch.Serialization;
using Xunit.Abstractions;
using static TorchSharp.torch;

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
        var golden = Weights.LoadTorch(SharedFixtures.Path("fixtures", "depth", "golden.safetensors"));
        try
        {
            using var model = LoadTiny();
            var before = TorchLiveTensors.Count();
            using (var scope = NewDisposeScope())
            {
                var image = FromBgr(golden["raw_bgr" + suffix]);
                Assert.Equal([1L, 3, height, width], image.shape);
                TorchGolden.Close(golden["input" + suffix], DepthPreprocessing.Prepare(image, 70), 1e-6, "input" + suffix, output);

                var layers = model.IntermediateLayers(golden["input" + suffix]);
                for (var j = 0; j < 4; j++)
                {
                    TorchGolden.Close(golden[$"features{featureSuffix}_{j}"], layers[j].Patches, Tolerance, $"features{featureSuffix}_{j}", output);
                    TorchGolden.Close(golden[$"cls{featureSuffix}_{j}"], layers[j].Class, Tolerance, $"cls{featureSuffix}_{j}", output);
                }
                TorchGolden.Close(golden["output" + suffix], model.forward(golden["input" + suffix]), Tolerance, "output" + suffix, output);
                var depth = model.Predict(image, inputSize: 70);
                Assert.Equal([1L, 1, height, width], depth.shape);
                TorchGolden.Close(golden["infer_image" + suffix], depth[0][0], Tolerance, "infer_image" + suffix, output);
            }
            Assert.Equal(before, TorchLiveTensors.Count());
        }
        finally
        {
            golden.DisposeAll();
        }
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

    [Fact]
    public void The_module_s_state_dict_keys_are_the_checkpoint_s_and_hold_its_values()
    {
        var weights = Weights.LoadTorch(TinyPath, options: new WeightLoadOptions { StripModulePrefix = true });
        try
        {
            using var model = LoadTiny();
            var own = model.state_dict();
            Assert.Equal(weights.Keys.Order(), own.Keys.Order());
            Assert.All(own, kv => Assert.Equal(TorchGolden.Floats(weights[kv.Key]), TorchGolden.Floats(kv.Value)));
            Assert.False(model.training);
            Assert.All(model.parameters(), p => Assert.False(p.requires_grad));
        }
        finally
        {
            weights.DisposeAll();
        }
    }

    internal static string TinyPath => SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth");

    /// <summary>The fixture's backbone has 2 heads, which the weights cannot tell (DINOv2's width/64 would say 1).</summary>
    internal static DepthModel LoadTiny() => DepthModel.Load(TinyPath, heads: 2);

    /// <summary>An HxWx3 BGR image of 0..255 integers → RGB [1, 3, H, W] in [0, 1].</summary>
    private static TorchSharp.torch.Tensor FromBgr(TorchSharp.torch.Tensor bgr)
    {
        using var scope = NewDisposeScope();
        var rgb = bgr.to_type(ScalarType.Float32).flip(2).permute(2, 0, 1).unsqueeze(0);   // [H, W, 3] -> [1, 3, H, W]
        return (rgb / 255.0).MoveToOuterDisposeScope();
    }
}
