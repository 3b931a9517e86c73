using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;

namespace Pytti.Engine.Tests;

public class StillRendererTests
{
    private const string Scene = """
        scenes: a lighthouse || a storm:2
        width: 16
        height: 16
        steps_per_scene: 4
        steps_per_frame: 4
        pre_animation_steps: 0
        save_every: 2
        cutouts: 4
        interpolation_steps: 2
        seed: 7
        """;

    private static RenderAssets NoFiles => new(_ => throw new InvalidOperationException("no files in this scene"));

    private static RenderRecorder Render(string yaml) => Fixtures.Render(Fixtures.Scene(yaml), NoFiles);

    [Fact]
    public void Saves_every_save_every_steps_and_the_finished_image()
    {
        var r = Render(Scene);
        Assert.Equal(8, r.Steps.Count);
        // PyTTI saves before step i when (i+1) % save_every == 0 and i > 0: i = 1, 3, 5, 7; we add the finished image.
        Assert.Equal([(1, 1), (2, 3), (3, 5), (4, 7), (5, 8)], r.Images.Select(i => (i.Index, i.Step)));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], r.Steps.Select(s => s.Scene));
        Assert.All(r.Images, i => Assert.Equal(16 * 16 * 3, i.Bytes.Length));
    }

    [Fact]
    public void Interpolation_blends_in_the_new_scene_and_logs_both()
    {
        var r = Render(Scene);
        var fifth = r.Steps[4];                                  // first step of scene 2, tau = 0
        Assert.Contains("a lighthouse", fifth.Raw.Keys);
        Assert.Contains("a storm", fifth.Raw.Keys);
        Assert.DoesNotContain("a lighthouse", r.Steps[7].Raw.Keys); // after interpolation only the new scene
    }

    [Fact]
    public void The_same_scene_and_seed_render_the_same_bytes_and_another_seed_does_not()
    {
        var a = Render(Scene);
        var b = Render(Scene);
        Assert.Equal(a.Images.Select(i => i.Bytes), b.Images.Select(i => i.Bytes));
        var c = Render(Scene.Replace("seed: 7", "seed: 8"));
        Assert.NotEqual(a.Images[^1].Bytes, c.Images[^1].Bytes);
    }

    [Fact]
    public void Memory_stays_flat_over_the_steps_and_nothing_is_left_behind()
    {
        var doc = Fixtures.Scene(Scene.Replace("steps_per_scene: 4", "steps_per_scene: 30").Replace("save_every: 2", "save_every: 10"));
        using var ensemble = Fixtures.TinyVit();
        var r = Fixtures.Render(doc, ensemble, NoFiles);
        // After the first step (Adam's moments appear) the live-tensor counts are constant within a scene;
        // the second scene adds exactly its prompt's cached text embedding.
        var first = r.TorchLiveAfterStep.Skip(1).Take(29).Distinct().ToList();
        var second = r.TorchLiveAfterStep.Skip(30).Distinct().ToList();
        Assert.Single(first);
        Assert.Equal([first[0] + 1], second);
        using var model = ImageModelFactory.Create(doc, 16, 16);
        var before = TorchValues.LiveCount();   // after the model's parameters, which the count never forgets
        using (var renderer = new StillRenderer(doc, ensemble, model, NoFiles))
            renderer.Run(new RenderRecorder());
        Assert.Equal(before, TorchValues.LiveCount());
    }

    [Fact]
    public void Width_and_height_of_minus_one_follow_the_init_image()
    {
        Assert.Equal((100, 50), ImageModelFactory.ResolveSize(-1, 50, (400, 200)));
        Assert.Equal((64, 48), ImageModelFactory.ResolveSize(64, -1, (400, 300)));
        Assert.Throws<ArgumentException>(() => ImageModelFactory.ResolveSize(-1, 64, null));
    }
}

public class ResumeTests
{
    private const string Scene = """
        scenes: a lighthouse || a storm
        width: 16
        height: 16
        steps_per_scene: 6
        steps_per_frame: 2
        pre_animation_steps: 0
        save_every: 3
        cutouts: 2
        seed: 11
        """;

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void Resuming_from_a_frame_gives_the_bytes_of_an_uninterrupted_render(int frame)
    {
        var doc = Fixtures.Scene(Scene);
        using var ensemble = Fixtures.TinyVit();
        var full = new RenderRecorder(frame);
        using (var model = ImageModels.ImageModelFactory.Create(doc, 16, 16))
        using (var renderer = new StillRenderer(doc, ensemble, model, new RenderAssets(_ => throw new InvalidOperationException())))
            renderer.Run(full);
        using var state = full.State!;
        var resumed = new RenderRecorder();
        using (var model = ImageModels.ImageModelFactory.Create(doc, 16, 16))
        using (var renderer = new StillRenderer(doc, ensemble, model, new RenderAssets(_ => throw new InvalidOperationException())))
            renderer.Run(resumed, state);
        var after = full.Images.Where(i => i.Index > state.SavedImages).ToList();
        Assert.NotEmpty(after);
        Assert.Equal(after.Select(i => i.Index), resumed.Images.Select(i => i.Index));
        Assert.Equal(after.Select(i => i.Pixels), resumed.Images.Select(i => i.Pixels));   // exact floats, not just 8-bit
    }
}
