using Pytti.Engine.Rendering;
using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>The frame cache as a user meets it: what re-renders after which edit.</summary>
public sealed class CachedRenderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-cache-");
    private string ScenePath => Path.Combine(_dir.FullName, "two.pytti.yaml");

    // 2 scenes x 4 steps, 2 steps per frame: 4 frames; an image every 2 steps.
    private static string Scene(string second = "a storm", string extra = "") => $"""
        scenes: a lighthouse || {second}
        perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
        width: 16
        height: 16
        steps_per_scene: 4
        steps_per_frame: 2
        pre_animation_steps: 0
        save_every: 2
        cutouts: 2
        seed: 5
        video_container: none
        file_namespace: two
        {extra}
        """;

    public CachedRenderTests()
    {
        TinyRenders.Store(_dir.FullName);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private (RenderResult Result, int Steps) Render(string yaml, string cache = "cache", string output = "out")
    {
        File.WriteAllText(ScenePath, yaml);
        var progress = new RecordingProgress();
        var result = RenderJob.Run(new RenderRequest(ScenePath)
        {
            ModelsDirectory = Path.Combine(_dir.FullName, "store"),
            Offline = true,
            OutputDirectory = Path.Combine(_dir.FullName, output),
            CacheDirectory = Path.Combine(_dir.FullName, cache),
            WorkingDirectory = _dir.FullName,
        }, progress);
        return (result, progress.Steps);
    }

    private static byte[][] Images(RenderResult r) => r.Frames.OrderBy(f => f.Index).Select(f => File.ReadAllBytes(f.Path)).ToArray();

    [Fact]
    public void A_second_run_with_nothing_changed_renders_nothing()
    {
        var (first, steps1) = Render(Scene());
        Assert.Equal((4, 0, 8), (first.FramesRendered, first.FramesCached, steps1));
        var before = Images(first);
        var (second, steps2) = Render(Scene());
        Assert.Equal((0, 4, 0), (second.FramesRendered, second.FramesCached, steps2));
        Assert.Equal(before, Images(second));
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "two.pytti.lock.json")));
    }

    [Fact]
    public void Reformatting_the_scene_file_changes_nothing()
    {
        Render(Scene());
        var reformatted = "# the same scene, written differently\n" + string.Join("\n", Scene().Split('\n').Reverse()) + "\n";
        var (result, steps) = Render(reformatted);
        Assert.Equal((0, 0), (result.FramesRendered, steps));
    }

    [Fact]
    public void An_edit_that_matters_from_frame_2_re_renders_frames_2_on_with_the_bytes_of_a_fresh_render()
    {
        Render(Scene());
        var (edited, steps) = Render(Scene(second: "a calm sea"));
        Assert.Equal((2, 2), (edited.FramesCached, edited.FramesRendered));   // scene 2 starts at frame 2
        Assert.Equal(4, steps);                                               // resumed from frame 1's checkpoint
        var (fresh, _) = Render(Scene(second: "a calm sea"), cache: "fresh-cache", output: "fresh-out");
        Assert.Equal(4, fresh.FramesRendered);
        Assert.Equal(Images(fresh), Images(edited));
    }

    [Fact]
    public void A_changed_seed_re_renders_everything()
    {
        Render(Scene());
        var (result, _) = Render(Scene().Replace("seed: 5", "seed: 6"));
        Assert.Equal(4, result.FramesRendered);
    }

    [Fact]
    public void A_damaged_cache_entry_is_discarded_and_re_rendered()
    {
        var (first, _) = Render(Scene());
        var store = new ContentStore(Path.Combine(_dir.FullName, "cache"));
        var victim = first.Frames.Single(f => f.Index == 3).Sha256;           // an image of frame 2
        File.WriteAllText(store.PathOf(victim), "garbage");
        var (second, _) = Render(Scene());
        Assert.Equal(2, second.FramesRendered);
        Assert.Equal(Images(first), Images(second));
    }

    [Fact]
    public void Input_files_count_by_content_not_by_timestamp()
    {
        var init = Path.Combine(_dir.FullName, "init.png");
        Pytti.Pipeline.Media.ImageFile.WritePng(init, new Pytti.Pipeline.Media.RgbImage(2, 2, [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]));
        var scene = Scene(extra: "init_image: init.png");
        Render(scene);
        File.SetLastWriteTimeUtc(init, DateTime.UtcNow.AddMinutes(5));      // touched, same bytes
        Assert.Equal(0, Render(scene).Result.FramesRendered);
        Pytti.Pipeline.Media.ImageFile.WritePng(init, new Pytti.Pipeline.Media.RgbImage(2, 2, [0, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]));
        Assert.Equal(4, Render(scene).Result.FramesRendered);
    }

    private IReadOnlyList<PlannedFrame> Plan(string yaml)
    {
        File.WriteAllText(ScenePath, yaml);
        return RenderPlan.Compute(new RenderRequest(ScenePath)
        {
            CacheDirectory = Path.Combine(_dir.FullName, "cache"),
            WorkingDirectory = _dir.FullName,
        });
    }

    [Fact]
    public void Plan_says_which_frames_are_cached_and_why_the_others_must_render()
    {
        Assert.All(Plan(Scene()), f => Assert.Equal("never rendered", f.Reason));
        Render(Scene());
        Assert.All(Plan(Scene()), f => Assert.True(f.Cached));

        var edited = Plan(Scene(second: "a calm sea"));
        Assert.Equal([true, true, false, false], edited.Select(f => f.Cached));
        Assert.Contains("changed: ", edited[2].Reason);
        Assert.Contains("scenes", edited[2].Reason);

        var reseeded = Plan(Scene().Replace("seed: 5", "seed: 6"));
        Assert.All(reseeded, f => Assert.Contains("seed changed", f.Reason));
    }
}

public sealed class CacheMaintenanceTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-gc-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Gc_keeps_what_current_scenes_reference_and_clean_removes_outputs_but_not_the_cache()
    {
        var store = TinyRenders.Store(_dir.FullName);
        var scene = Path.Combine(_dir.FullName, "s.pytti.yaml");
        string Yaml(string seed) => $"""
            scenes: a cat
            perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
            width: 8
            height: 8
            steps_per_scene: 2
            steps_per_frame: 2
            pre_animation_steps: 0
            save_every: 1
            cutouts: 2
            video_container: none
            seed: {seed}
            """;
        RenderRequest Request() => new(scene)
        {
            ModelsDirectory = store, Offline = true, WorkingDirectory = _dir.FullName,
            CacheDirectory = Path.Combine(_dir.FullName, "cache"), OutputDirectory = Path.Combine(_dir.FullName, "out"),
        };
        File.WriteAllText(scene, Yaml("1"));
        RenderJob.Run(Request(), new RecordingProgress());
        File.WriteAllText(scene, Yaml("2"));
        var second = RenderJob.Run(Request(), new RecordingProgress());

        var gc = CacheMaintenance.CollectGarbage(Path.Combine(_dir.FullName, "cache"), [Request()]);
        Assert.Equal(1, gc.RecordsRemoved);                  // seed 1's frame
        Assert.True(gc.ObjectsRemoved >= 2);                 // its images
        var removed = CacheMaintenance.Clean(Request());
        Assert.Contains(removed, f => f.EndsWith("_manifest.json", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.FullName, "out"), "*.png"));
        var restored = RenderJob.Run(Request(), new RecordingProgress());   // from the cache: nothing renders
        Assert.Equal(0, restored.FramesRendered);
        Assert.Equal(second.Frames.Select(f => f.Sha256), restored.Frames.Select(f => f.Sha256));
    }

}
