using Pytti.Engine.ImageModels;
using Pytti.Engine.Losses;
using Pytti.Engine.Rendering;
using Pytti.Models.Vqgan;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>StillRenderer with <c>image_model: VQGAN</c> on the tiny taming fixture, built through the factory.</summary>
public class VqganRenderTests
{
    private static readonly string Scene = $"""
        scenes: a lighthouse
        image_model: VQGAN
        vqgan_model: {VqganImageTests.Checkpoint}
        width: 16
        height: 16
        steps_per_scene: 4
        steps_per_frame: 4
        pre_animation_steps: 0
        save_every: 2
        cutouts: 4
        seed: 7
        """;

    private static RenderRecorder Render(string yaml, Func<string, torch.Tensor>? loadImage = null)
    {
        var doc = Fixtures.Scene(yaml);
        return Fixtures.Render(doc, new RenderAssets(loadImage ?? (_ => throw new InvalidOperationException("no files in this scene"))), inspect: m => Assert.IsType<VqganImage>(m));
    }

    [Fact]
    public void A_VQGAN_scene_renders_the_same_bytes_twice_and_another_seed_differs()
    {
        var growth = new RunGrowth();
        var a = growth.Measure(() => Render(Scene));
        var b = growth.Measure(() => Render(Scene));
        Assert.Equal(4, a.Steps.Count);
        Assert.Single(a.TorchLiveAfterStep.Skip(1).Distinct());   // after the first step (Adam's moments appear) the model keeps TorchSharp's count flat
        Assert.All(a.Images, i => Assert.Equal(16 * 16 * 3, i.Bytes.Length));         // 8 tokens · f 2
        Assert.Equal(a.Images.Select(i => i.Bytes), b.Images.Select(i => i.Bytes));
        var c = Render(Scene.Replace("seed: 7", "seed: 8"));
        Assert.NotEqual(a.Images[^1].Bytes, c.Images[^1].Bytes);
        Assert.Single(a.TorchLiveAfterStep.Skip(1).Distinct());   // after the first step (Adam's moments) the count stays flat
        growth.AssertAlike();
    }

    [Fact]
    public void An_init_image_is_encoded_and_held_by_the_latent_loss()
    {
        // A magenta init image; direct_init_weight makes LossSetup choose VQGAN's preferred loss, the latent loss.
        using var init = torch.tensor(Enumerable.Range(0, 3 * 256).Select(i => i / 256 == 1 ? 0f : 1f).ToArray(), [1, 3, 16, 16]); // R = B = 1, G = 0
        var yaml = Scene + "\ninit_image: init.png\ndirect_init_weight: 1\n";
        var doc = Fixtures.Scene(yaml);
        using (var model = ImageModelFactory.Create(doc, 16, 16))
        {
            var setup = new LossSetup(doc, model, new RenderAssets(_ => init.clone()), _ => throw new InvalidOperationException("nothing to embed"));
            Assert.IsType<LatentLoss>(setup.Losses[0]);
            foreach (var loss in setup.Losses) loss.Dispose();
            setup.Prompts.Dispose();
        }
        var r = Render(yaml, _ => init.clone());
        var raw = r.Steps.Select(s => s.Raw["direct init image (i..tent)"]).ToList();
        // Step 0: the latent term is 0 (the encoded init is its own target), leaving MSE(image, init)/10 <= 0.1.
        Assert.InRange(raw[0], 0, 0.1);
        Assert.All(raw, v => Assert.InRange(v, 0, 1));
        Assert.Equal(16 * 16 * 3, r.Images[^1].Bytes.Length);
    }

    [Fact]
    public void A_named_VQGAN_model_needs_the_renderer_s_resolver()
    {
        var doc = Fixtures.Scene(Scene.Replace($"vqgan_model: {VqganImageTests.Checkpoint}", "vqgan_model: imagenet"));
        var e = Assert.Throws<NotSupportedException>(() => ImageModelFactory.Create(doc, 16, 16));
        Assert.Contains("imagenet", e.Message);
        var ckpt = VqganImageTests.Checkpoint;
        using var model = ImageModelFactory.Create(doc, 16, 16, resolveVqgan: d => (ckpt, Path.ChangeExtension(ckpt, ".yaml")));
        Assert.Equal(16, model.OutputWidth);
    }

    [Fact]
    public void A_gumbel_checkpoint_given_by_path_renders_with_pytti_s_gumbel_learning_rate()
    {
        var dir = Directory.CreateTempSubdirectory("pytti-gumbel-").FullName;
        try
        {
            // The tiny fixture's architecture as a GumbelVQ (seeded weights), saved as a checkpoint + config pair.
            var fixtureYaml = Path.ChangeExtension(VqganImageTests.Checkpoint, ".yaml");
            TorchSharp.torch.manual_seed(11);
            using (var gumbel = new VqganModel(VqganConfigReader.Read(fixtureYaml) with { Kind = VqganKind.GumbelVQ }))
                TorchSharp.PyBridge.Safetensors.SaveStateDict(Path.Combine(dir, "mine.ckpt"), gumbel.state_dict());
            File.WriteAllText(Path.Combine(dir, "mine.yaml"), File.ReadAllText(fixtureYaml).Replace("taming.models.vqgan.VQModel", "taming.models.vqgan.GumbelVQ"));
            // Twenty steps, so that the codes the two learning rates pick have time to part.
            var scene = Scene.Replace(VqganImageTests.Checkpoint, Path.Combine(dir, "mine.ckpt"))
                .Replace("steps_per_scene: 4", "steps_per_scene: 20").Replace("steps_per_frame: 4", "steps_per_frame: 20").Replace("save_every: 2", "save_every: 10");

            var byDefault = Render(scene);
            var gumbelRate = Render(scene + "\nlearning_rate: 0.15\n");
            var plainRate = Render(scene + "\nlearning_rate: 0.1\n");
            Assert.Equal(gumbelRate.Images.Select(i => i.Bytes), byDefault.Images.Select(i => i.Bytes));
            Assert.NotEqual(plainRate.Images[^1].Pixels, byDefault.Images[^1].Pixels);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
