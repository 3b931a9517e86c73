using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary><c>animation_mode: 2D</c> through the renderer with the tiny CLIP: 16×16, three frames.</summary>
public class Animation2DRenderTests
{
    private const string Scene = """
        scenes: a lighthouse
        animation_mode: 2D
        translate_x: '2'
        sampling_mode: nearest
        infill_mode: black
        width: 16
        height: 16
        steps_per_scene: 6
        steps_per_frame: 2
        pre_animation_steps: 0
        save_every: 2
        cutouts: 2
        seed: 5

        """;

    private static torch.Tensor Init(string path)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.linspace(0, 1, 16).view(1, 1, 1, 16);
        return (x * torch.ones([1, 3, 16, 16])).MoveToOuterDisposeScope();       // a horizontal ramp [1,3,16,16]
    }

    private static RenderRecorder Render(string yaml, EngineState? resume = null, int captureFrame = -1)
    {
        var doc = Fixtures.Scene(yaml);
        return Fixtures.Render(doc, new RenderAssets(Init), resume, captureFrame: captureFrame);
    }

    /// <summary>Columns 2.. of <paramref name="next"/> against columns ..13 of <paramref name="previous"/>: largest difference.</summary>
    private static float ShiftError(float[] previous, float[] next, int shift)
    {
        var worst = 0f;
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 16; y++)
                for (var x = shift; x < 16; x++)
                    worst = Math.Max(worst, Math.Abs(next[(c * 16 + y) * 16 + x] - previous[(c * 16 + y) * 16 + x - shift]));
        return worst;
    }

    [Fact]
    public void Without_optimisation_each_frame_is_the_previous_one_shifted_two_pixels_right()
    {
        var r = Render(Scene + "learning_rate: 0\n");
        // Saved before steps 1, 3, 5 (frame boundaries at 0, 2, 4 lie between them) and after the last step.
        Assert.Equal([1, 3, 5, 6], r.Images.Select(i => i.Step));
        for (var k = 1; k < r.Images.Count - 1; k++)
        {
            Assert.Equal(0f, ShiftError(r.Images[k - 1].Pixels, r.Images[k].Pixels, 2));
            Assert.All(Enumerable.Range(0, 48).SelectMany(row => new[] { row * 16, row * 16 + 1 }), i => Assert.Equal(0f, r.Images[k].Pixels[i]));
        }
    }

    [Fact]
    public void With_optimisation_frames_still_move_and_the_render_repeats_byte_for_byte()
    {
        var growth = new RunGrowth();
        var a = growth.Measure(() => Render(Scene));
        var b = growth.Measure(() => Render(Scene));
        Assert.Equal(a.Images.Select(i => i.Pixels), b.Images.Select(i => i.Pixels));
        for (var k = 1; k < a.Images.Count - 1; k++)
        {
            var shifted = ShiftError(a.Images[k - 1].Pixels, a.Images[k].Pixels, 2);
            var unshifted = ShiftError(a.Images[k - 1].Pixels, a.Images[k].Pixels, 0);
            Assert.True(shifted < 0.1f && unshifted > 0.5f, $"frame {k}: shifted {shifted}, unshifted {unshifted}");
        }
        var c = Render(Scene.Replace("sampling_mode: nearest", "sampling_mode: bicubic").Replace("infill_mode: black", "infill_mode: wrap") +
            "rotate_2d: '5 * t'\nzoom_x_2d: '1'\nzoom_y_2d: '-1'\n");
        Assert.NotEqual(a.Images[^1].Pixels, c.Images[^1].Pixels);
        TorchValues.AssertFlatPerFrame(a, stepsPerFrame: 2);
        TorchValues.AssertFlatPerFrame(c, stepsPerFrame: 2);
        growth.AssertAlike();
    }

    [Fact]
    public void The_first_frame_boundary_turns_init_losses_off_and_stabilisation_on()
    {
        var r = Render(Scene.Replace("pre_animation_steps: 0", "pre_animation_steps: 2").Replace("steps_per_scene: 6", "steps_per_scene: 4") +
            "init_image: init.png\ndirect_init_weight: 1\nsemantic_init_weight: 1\ndirect_stabilization_weight: 1\nedge_stabilization_weight: 1\nsemantic_stabilization_weight: 1\n");
        Assert.All(r.Steps.Take(2), s => Assert.Contains("direct init image (i..rect)", s.Raw.Keys));
        Assert.All(r.Steps.Skip(2), s => Assert.DoesNotContain("direct init image (i..rect)", s.Raw.Keys));
        Assert.All(r.Steps.Take(2), s => Assert.NotEqual(0.7, s.Raw["init image [init.png..ntic)"]));
        Assert.All(r.Steps.Skip(2), s => Assert.Equal(0.7, s.Raw["init image [init.png..ntic)"]));  // PyTTI's disabled image prompt
        Assert.All(r.Steps, s => Assert.Contains("direct stabilization", s.Raw.Keys));
        Assert.All(r.Steps, s => Assert.Contains("edge stabilization", s.Raw.Keys));
    }

    [Fact]
    public void Without_an_init_image_stabilisation_starts_at_the_first_frame_boundary()
    {
        var r = Render(Scene.Replace("pre_animation_steps: 0", "pre_animation_steps: 2").Replace("steps_per_scene: 6", "steps_per_scene: 4") +
            "direct_stabilization_weight: 1\nedge_stabilization_weight: 1\nsemantic_stabilization_weight: 1\n");
        Assert.All(r.Steps.Take(2), s => Assert.DoesNotContain("direct stabilization", s.Raw.Keys));
        Assert.All(r.Steps.Take(2), s => Assert.Equal(0.7, s.Raw["stabilization (semantic)"]));
        Assert.All(r.Steps.Skip(2), s => Assert.Contains("direct stabilization", s.Raw.Keys));
        Assert.All(r.Steps.Skip(2), s => Assert.Contains("edge stabilization", s.Raw.Keys));
        Assert.All(r.Steps.Skip(2), s => Assert.NotEqual(0.7, s.Raw["stabilization (semantic)"]));
        // Right after the boundary the moved frame is the target: the direct stabilisation loss starts near 0.
        Assert.True(r.Steps[2].Raw["direct stabilization"] < 1e-3, $"{r.Steps[2].Raw["direct stabilization"]}");
    }

    [Fact]
    public void A_VQGAN_image_is_warped_through_its_decoded_image_and_encoded_again()
    {
        var growth = new RunGrowth();
        var yaml = Scene.Replace("scenes: a lighthouse", $"scenes: a lighthouse\nimage_model: VQGAN\nvqgan_model: {VqganImageTests.Checkpoint}") +
            "direct_stabilization_weight: 1\n";
        var a = growth.Measure(() => Render(yaml));
        var b = growth.Measure(() => Render(yaml));
        var still = Render(yaml.Replace("animation_mode: 2D", "animation_mode: off"));
        Assert.Equal(a.Images.Select(i => i.Pixels), b.Images.Select(i => i.Pixels));
        Assert.NotEqual(still.Images[^1].Pixels, a.Images[^1].Pixels);
        Assert.All(a.Steps, s => Assert.Contains("direct stabilization", s.Raw.Keys));   // the latent loss, aimed at each new frame
        TorchValues.AssertFlatPerFrame(a, stepsPerFrame: 2);
        growth.AssertAlike();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Resuming_from_a_frame_gives_the_bytes_of_an_uninterrupted_render(int frame)
    {
        var yaml = Scene.Replace("sampling_mode: nearest", "sampling_mode: bilinear").Replace("infill_mode: black", "infill_mode: mirror") +
            "rotate_2d: '10 * t'\ndirect_stabilization_weight: 1\nsemantic_stabilization_weight: 0.5\nedge_stabilization_weight: 1\n";
        var full = Render(yaml, captureFrame: frame);
        using var state = full.State!;
        var resumed = Render(yaml, state);
        var after = full.Images.Where(i => i.Index > state.SavedImages).ToList();
        Assert.NotEmpty(after);
        Assert.Equal(after.Select(i => i.Index), resumed.Images.Select(i => i.Index));
        Assert.Equal(after.Select(i => i.Pixels), resumed.Images.Select(i => i.Pixels));
    }
}
