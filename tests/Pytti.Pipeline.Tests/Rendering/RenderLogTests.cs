using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Rendering;

/// <summary>The per-render log beside the outputs, <c>&lt;file_namespace&gt;.log</c>, read line by line as a user reads it.</summary>
public sealed class RenderLogTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-render-log-");
    private string Log => Path.Combine(_dir.FullName, "out", "hello.log");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Two frames of one step each.</summary>
    private RenderRequest Request(params string[] overrides) => TinyRenders.Hello(_dir.FullName, TinyRenders.Store(_dir.FullName),
        ["steps_per_scene=2", "steps_per_frame=1", "pre_animation_steps=0", "animation_mode=2D", "video_container=none", "seed=7",
            $"perceptors=[{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]", .. overrides]) with { CacheDirectory = Path.Combine(_dir.FullName, "cache") };

    /// <summary>The log's lines without their timestamps (<c>yyyy-MM-ddTHH:mm:ss.fff+zz:zz LVL message</c>).</summary>
    private List<string> Lines()
    {
        var lines = File.ReadAllLines(Log);
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d (INF|WRN|ERR) ", l));
        return [.. lines.Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..])];
    }

    [Fact]
    public void A_render_logs_its_start_each_frame_and_its_end_and_a_rerun_appends_the_frames_as_cached()
    {
        var request = Request();
        var result = RenderJob.Run(request, new RecordingProgress());
        Assert.Contains(Log, result.Files);

        var lines = Lines();
        Assert.True(lines.Count == 4, string.Join("\n", lines));
        var start = $"INF render started: scene {request.ScenePath}; seed 7; device cpu; libtorch {Pytti.Torch.LibTorchInfo.Version}; engine {FrameKeys.EngineRevision}; " +
            $"clock not read; output {Path.Combine(_dir.FullName, "out")}; cache {Path.Combine(_dir.FullName, "cache")}; pytti ";
        Assert.True(lines[0].StartsWith(start, StringComparison.Ordinal), lines[0]);
        Assert.EndsWith($"; pid {Environment.ProcessId} on {Environment.MachineName}", lines[0]);
        Assert.Matches(@"^INF frame 0: steps 0\.\.0, rendered; loss -?\d+\.\d+ \(\w.* -?\d+\.\d+\)$", lines[1]);
        Assert.Matches(@"^INF frame 1: steps 1\.\.1, rendered; loss -?\d+\.\d+ \(", lines[2]);
        Assert.Equal($"INF render finished: 2 frame(s) rendered, 0 cached; 2 image(s) in {Path.Combine(_dir.FullName, "out")}", lines[3]);

        RenderJob.Run(request, new RecordingProgress());
        var rerun = Lines()[4..];
        Assert.StartsWith("INF render started: ", rerun[0]);
        Assert.Equal(["INF frame 0: steps 0..0, cached", "INF frame 1: steps 1..1, cached",
            $"INF render finished: 0 frame(s) rendered, 2 cached; 2 image(s) in {Path.Combine(_dir.FullName, "out")}"], rerun[1..]);
    }

    [Fact]
    public void A_render_that_fails_after_its_scene_is_read_ends_its_log_with_the_error_and_its_code()
    {
        var e = Assert.Throws<RenderException>(() => RenderJob.Run(Request("device=cuda"), new RecordingProgress()));

        var lines = Lines();
        Assert.StartsWith("INF render started: ", lines[0]);
        Assert.Contains("; device cuda; ", lines[0]);
        Assert.Equal($"ERR render failed: error {e.Code}: {e.Message}", lines[1]);
        Assert.StartsWith("PYTTI30", e.Code);
    }

    [Fact]
    public void An_interrupted_render_ends_its_log_saying_so()
    {
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => RenderJob.Run(Request(), new RecordingProgress { OnStep = _ => cancel.Cancel() }, cancel.Token));

        var lines = Lines();
        Assert.StartsWith("INF render started: ", lines[0]);
        Assert.Equal("WRN render interrupted; frames already written are kept", lines[^1]);
    }

    [Fact]
    public void A_scene_with_errors_renders_nothing_and_writes_no_log()
    {
        Assert.Throws<Scenes.Diagnostics.SceneException>(() => RenderJob.Run(Request("cutouts=0"), new RecordingProgress()));
        Assert.False(File.Exists(Log));
    }
}
