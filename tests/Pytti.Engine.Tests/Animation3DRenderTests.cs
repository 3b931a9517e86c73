using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;
using Pytti.Models.Depth;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary><c>animation_mode: 3D</c> through the renderer with the tiny CLIP and the tiny Depth Anything: 16×16, three frames.</summary>
public class Animation3DRenderTests
{
    /// <summary>A shallow scene (far plane 20 px) so that small moves show at 16×16; <c>r</c> is the nearest depth in pixels.</summary>
    internal const string Scene = """
        scenes: a lighthouse
        animation_mode: 3D
        translate_z_3d: '0.05 * r'
        translate_x: '0.5'
        near_plane: 1
        far_plane: 20
        rotate_3d: '[cos(0.01), 0, 0, sin(0.01)]'
        sampling_mode: bilinear
        infill_mode: smear
        width: 16
        height: 16
        steps_per_scene: 6
        steps_per_frame: 2
        pre_animation_steps: 0
        save_every: 2
        cutouts: 2
        seed: 7

        """;

    private static RenderRecorder Render(string yaml, EngineState? resume = null, int captureFrame = -1)
    {
        var doc = Fixtures.Scene(yaml);
        var assets = new RenderAssets(_ => throw new InvalidOperationException()) { LoadDepthModel = () => DepthModel.Load(DepthLossTests.TinyDepth, heads: 2) };
        return Fixtures.Render(doc, assets, resume, captureFrame: captureFrame);
    }

    private static float MaxAbsDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    [Fact]
    public void Without_optimisation_every_frame_boundary_moves_the_image()
    {
        var r = Render(Scene + "learning_rate: 0\n");
        Assert.Equal([1, 3, 5, 6], r.Images.Select(i => i.Step));
        for (var k = 1; k < r.Images.Count - 1; k++)
            Assert.True(MaxAbsDiff(r.Images[k - 1].Pixels, r.Images[k].Pixels) > 0.01f, $"frame {k} did not move");
        Assert.Equal(r.Images[^2].Pixels, r.Images[^1].Pixels);          // no boundary between the last two saves
    }

    [Fact]
    public void A_3D_render_with_depth_stabilisation_repeats_byte_for_byte_and_leaks_nothing()
    {
        var growth = new RunGrowth();
        var scene = Scene + "depth_stabilization_weight: 1\n";
        var a = growth.Measure(() => Render(scene));
        var b = growth.Measure(() => Render(scene));
        Assert.Equal(a.Images.Select(i => i.Bytes), b.Images.Select(i => i.Bytes));
        Assert.Equal(a.Images.Select(i => i.Pixels), b.Images.Select(i => i.Pixels));
        Assert.All(a.Steps, s => Assert.Contains("depth stabilization", s.Raw.Keys));   // no pre-animation steps: on from the first boundary
        Assert.True(a.Steps[0].Raw["depth stabilization"] < 1e-6, $"{a.Steps[0].Raw["depth stabilization"]}");   // right after the move: the target itself
        TorchValues.AssertFlatPerFrame(a, stepsPerFrame: 2);
        growth.AssertAlike();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Resuming_a_3D_render_from_a_frame_gives_the_bytes_of_an_uninterrupted_render(int frame)
    {
        var scene = Scene + "depth_stabilization_weight: 1\n";
        var full = Render(scene, captureFrame: frame);
        using var state = full.State!;
        var resumed = Render(scene, state);
        var after = full.Images.Where(i => i.Index > state.SavedImages).ToList();
        Assert.NotEmpty(after);
        Assert.Equal(after.Select(i => i.Index), resumed.Images.Select(i => i.Index));
        Assert.Equal(after.Select(i => i.Pixels), resumed.Images.Select(i => i.Pixels));   // exact floats
    }

    [Fact]
    public void A_black_mask_on_depth_stabilisation_switches_the_loss_off_everywhere()
    {
        var doc = Fixtures.Scene(Scene + "depth_stabilization_weight: 1_black.png\n");
        var assets = new RenderAssets(path =>
        {
            Assert.EndsWith("black.png", path);
            return torch.zeros([1, 3, 16, 16]);
        })
        { LoadDepthModel = () => DepthModel.Load(DepthLossTests.TinyDepth, heads: 2) };
        var masked = Fixtures.Render(doc, assets);
        var open = Render(Scene + "depth_stabilization_weight: 1\n");
        Assert.All(masked.Steps, s => Assert.Equal(0, s.Raw["depth stabilization"]));
        Assert.Contains(open.Steps, s => s.Raw["depth stabilization"] > 1e-6);
    }
}
