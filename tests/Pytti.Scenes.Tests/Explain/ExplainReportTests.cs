using Pytti.Scenes.Canonical;
using Pytti.Scenes.Explain;

namespace Pytti.Scenes.Tests.Explain;

/// <summary>The documented <c>pytti-explain/1</c> format, pinned part by part.</summary>
public class ExplainReportTests
{
    private const string Yaml =
        "scenes: 'a cat:1_sky:0.5 | [p.png]:-1'\nsteps_per_scene: 2\nsteps_per_frame: 2\npre_animation_steps: 0\n" +
        "init_image: i.png\ndirect_init_weight: 1_-m.png\ndirect_image_prompts: d.png:2\n";

    private static SortedDictionary<string, object?> Report(string yaml, FrameRange? range = null)
    {
        using var temp = new TempScene();
        temp.Write("e.pytti.yaml", yaml);
        foreach (var input in new[] { "i.png", "p.png", "m.png", "d.png" })
            temp.Write(input, "");
        var check = SceneCheck.Run("e.pytti.yaml", new SceneLoadOptions { WorkingDirectory = temp.Folder });
        Assert.True(check.Success, string.Join("\n", check.Diagnostics));
        range ??= FrameRange.All;
        return ExplainReport.Build(check.Document!, check.Plan!, check.FramesIn(range, new Diagnostics.DiagnosticBag()), range);
    }

    private static string Json(object? value) => CanonicalJson.Serialize(value);

    [Fact]
    public void Top_level_keys()
    {
        var report = Report(Yaml);
        Assert.Equal(["direct_prompts", "file", "format", "frames", "losses", "perceptors", "plan", "scenes", "settings"], report.Keys);
        Assert.Equal(("pytti-explain/1", "e.pytti.yaml"), (report["format"], report["file"]));
    }

    [Fact]
    public void Scenes_and_prompts() => Assert.Equal(
        "[{\"index\":0,\"prompts\":[" +
        "{\"cutoff\":\"0.5000873264\",\"disabled\":false,\"kind\":\"text\",\"mask\":{\"kind\":\"semantic\",\"text\":\"sky\"},\"source\":\"e.pytti.yaml(1,10)\",\"stop\":\"0.5\",\"text\":\"a cat\",\"weight\":\"1\"}," +
        "{\"cutoff\":\"0.5000873264\",\"disabled\":false,\"kind\":\"image\",\"mask\":\"all\",\"path\":\"p.png\",\"source\":\"e.pytti.yaml(1,28)\",\"stop\":\"-inf\",\"weight\":\"-1\"}]," +
        "\"text\":\"a cat:1_sky:0.5 | [p.png]:-1\"}]",
        Json(Report(Yaml)["scenes"]));

    [Fact]
    public void Direct_prompts_and_losses()
    {
        var report = Report(Yaml);
        Assert.Equal("[{\"mask\":\"all\",\"path\":\"d.png\",\"source\":\"e.pytti.yaml(7,23)\",\"stop\":\"-inf\",\"weight\":\"2\"}]", Json(report["direct_prompts"]));
        Assert.Equal("{\"direct_init\":{\"mask\":{\"inverted\":true,\"kind\":\"image\",\"path\":\"m.png\"},\"stop\":\"-inf\",\"weight\":\"1\"}}", Json(report["losses"]));
    }

    [Fact]
    public void Plan_and_settings()
    {
        var report = Report(Yaml);
        Assert.Equal("{\"frame_count\":1,\"frames\":[{\"boundary_step\":0,\"end_step\":2,\"first_step\":0,\"index\":0,\"previous_scene\":0,\"scene\":0,\"t\":0,\"tau\":1}],\"scene_count\":1,\"total_steps\":2}", Json(report["plan"]));
        var settings = (SortedDictionary<string, object?>)report["settings"]!;
        Assert.Equal(Pytti.Scenes.Schema.ParameterSchema.All.Count, settings.Count);
        Assert.Equal("{\"default\":false,\"matters\":true,\"source\":\"e.pytti.yaml(5,13)\",\"value\":\"i.png\"}", Json(settings["init_image"]));
        Assert.Equal("{\"default\":true,\"matters\":false,\"source\":null,\"value\":\"0\"}", Json(settings["translate_x"]));
        Assert.Equal("{\"default\":true,\"matters\":true,\"source\":null,\"value\":true}", Json(settings["ViTB32"]));
    }

    [Fact]
    public void Frames_are_the_canonical_forms_of_the_range()
    {
        var yaml = "scenes: a\nsteps_per_scene: 10\nsteps_per_frame: 2\npre_animation_steps: 0\n";
        var frames = (List<object?>)Report(yaml, new FrameRange(2, 3))["frames"]!;
        Assert.Equal([2L, 3L], frames.Select(f => ((SortedDictionary<string, object?>)((SortedDictionary<string, object?>)f!)["frame"]!)["index"]));
    }

    [Theory]
    [InlineData("2..4", 2, 4)]
    [InlineData("3", 3, 3)]
    [InlineData("5..", 5, null)]
    [InlineData("..7", 0, 7)]
    [InlineData("0..0", 0, 0)]
    [InlineData("..", 0, null)]
    public void Frame_ranges(string text, int first, int? last) =>
        Assert.Equal(new FrameRange(first, last), FrameRange.TryParse(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData("4..2")]
    [InlineData("a")]
    [InlineData("-1..2")]
    [InlineData("1...2")]
    [InlineData("1..2..3")]
    public void Bad_frame_ranges(string text)
    {
        Assert.Null(FrameRange.TryParse(text, out var error));
        Assert.Equal($"error PYTTI040: --frames '{text}' must look like A..B, A.., ..B or A with 0 <= A <= B", error!.ToString());
    }

    [Fact]
    public void Plan_frames_show_the_cross_fade_at_their_boundary()
    {
        var plan = (SortedDictionary<string, object?>)Report("scenes: a || b\nsteps_per_scene: 8\nsteps_per_frame: 2\npre_animation_steps: 0\ninterpolation_steps: 4\n")["plan"]!;
        var frame5 = (SortedDictionary<string, object?>)((List<object?>)plan["frames"]!)[5]!;
        Assert.Equal("{\"boundary_step\":10,\"end_step\":12,\"first_step\":10,\"index\":5,\"previous_scene\":0,\"scene\":1,\"t\":0.4166666666666667,\"tau\":0.5}", Json(frame5));
    }
}
