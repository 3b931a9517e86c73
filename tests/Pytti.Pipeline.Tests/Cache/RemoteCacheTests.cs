using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Cache.Remote;
using Pytti.Pipeline.Rendering;
using Pytti.Pipeline.Tests.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Cache;

/// <summary>
/// The shared remote cache against a real nginx WebDAV server on loopback: machine A renders, machine B (an empty
/// local cache) renders nothing and writes the same bytes; a remote that is down, slow, refusing or serving damaged
/// objects costs a warning and a local render, never a failed render or a corrupt output.
/// </summary>
public sealed class RemoteCacheTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-remote-");
    private string ScenePath => Path.Combine(_dir.FullName, "two.pytti.yaml");

    // 2 scenes x 4 steps, 2 steps per frame: 4 frames, an image every 2 steps.
    private static readonly string Scene = $"""
        scenes: a lighthouse || a storm
        perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
        width: 8
        height: 8
        steps_per_scene: 4
        steps_per_frame: 2
        pre_animation_steps: 0
        save_every: 2
        cutouts: 1
        seed: 5
        video_container: none
        file_namespace: two
        """;

    public RemoteCacheTests()
    {
        TinyRenders.Store(_dir.FullName);
        File.WriteAllText(ScenePath, Scene);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private (RenderResult Result, RecordingProgress Progress) Render(string machine, Uri? remote, bool readOnly = false, Action<int>? onStep = null, double timeout = 10)
    {
        var progress = new RecordingProgress { OnStep = onStep };
        var request = TinyRenders.Offline(ScenePath, _dir.FullName, Path.Combine(_dir.FullName, "store")) with
        {
            CacheDirectory = Path.Combine(_dir.FullName, machine, "cache"),
            OutputDirectory = Path.Combine(_dir.FullName, machine, "out"),
            RemoteCache = remote is null ? null : new RemoteCacheOptions(remote, readOnly) { Timeout = TimeSpan.FromSeconds(timeout) },
        };
        return (RenderJob.Run(request, progress), progress);
    }

    private static byte[][] Images(RenderResult r) => r.Frames.OrderBy(f => f.Index).Select(f => File.ReadAllBytes(f.Path)).ToArray();

    private static string Warnings(RecordingProgress p) => string.Join("\n", p.Warnings.Select(w => w.ToString()));

    [Fact]
    public void Machine_B_with_an_empty_cache_renders_nothing_and_writes_the_bytes_of_machine_A()
    {
        using var server = new NginxServer();
        var (a, pa) = Render("A", server.Url);
        Assert.Equal(4, a.FramesRendered);
        Assert.Empty(pa.Warnings);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(server.Root, "ac")).Length);
        var plan = RenderPlan.Compute(new RenderRequest(ScenePath)
        {
            WorkingDirectory = _dir.FullName, CacheDirectory = Path.Combine(_dir.FullName, "B", "cache"), RemoteCache = new RemoteCacheOptions(server.Url),
        });
        Assert.All(plan, f => Assert.True(f.Cached && f.Remote));                 // plan on B: every frame is there to pull
        var (b, pb) = Render("B", server.Url);
        Assert.Equal((0, 4, 0), (b.FramesRendered, b.FramesCached, pb.Steps));
        Assert.Empty(pb.Warnings);
        Assert.Equal(Images(a), Images(b));
    }

    [Fact]
    public void Machine_B_extends_the_animation_from_the_remote_checkpoint_of_its_last_frame()
    {
        using var server = new NginxServer();
        Render("A", server.Url);
        File.WriteAllText(ScenePath, Scene.Replace("|| a storm", "|| a storm || a calm sea"));   // two more frames
        var (b, pb) = Render("B", server.Url);
        Assert.Equal((4, 2, 4), (b.FramesCached, b.FramesRendered, pb.Steps));                 // resumed from frame 3, pulled
        Assert.Empty(pb.Warnings);
        var (local, _) = Render("local", remote: null);
        Assert.Equal(Images(local), Images(b));
    }

    [Fact]
    public void A_read_only_machine_pulls_but_never_writes()
    {
        using var server = new NginxServer();
        Render("A", server.Url, readOnly: true);
        Assert.False(Directory.Exists(Path.Combine(server.Root, "ac")));
        Assert.False(Directory.Exists(Path.Combine(server.Root, "cas")));
        var (a, _) = Render("A2", server.Url);
        var (b, pb) = Render("B", server.Url, readOnly: true);
        Assert.Equal((0, 0), (b.FramesRendered, pb.Steps));
        Assert.Equal(Images(a), Images(b));
    }

    [Theory]
    [InlineData("replaced")]
    [InlineData("truncated")]
    public void A_damaged_remote_blob_is_ignored_reported_and_its_frame_rendered_locally(string damage)
    {
        using var server = new NginxServer();
        var (a, _) = Render("A", server.Url);
        var blob = Path.Combine(server.Root, "cas", a.Frames.Single(f => f.Index == 3).Sha256);   // an image of frame 2
        var bytes = File.ReadAllBytes(blob);
        File.WriteAllBytes(blob, damage == "replaced" ? File.ReadAllBytes(Path.Combine(server.Root, "cas", a.Frames.Single(f => f.Index == 1).Sha256)) : bytes[..(bytes.Length / 2)]);
        var (b, pb) = Render("B", server.Url);
        Assert.Equal((2, 2), (b.FramesCached, b.FramesRendered));
        Assert.Contains("warning PYTTI308: remote object ignored", Warnings(pb));
        Assert.Contains("do not hash to its name", Warnings(pb));
        Assert.Equal(Images(a), Images(b));
    }

    [Fact]
    public void A_remote_record_that_does_not_match_its_key_is_ignored()
    {
        using var server = new NginxServer();
        var (a, _) = Render("A", server.Url);
        var records = Directory.GetFiles(Path.Combine(server.Root, "ac"));
        var victim = records.Single(r => File.ReadAllText(r).Contains("\"frame\": 1,", StringComparison.Ordinal));
        File.WriteAllText(victim, File.ReadAllText(victim).Replace("\"frame\": 1,", "\"frame\": 2,", StringComparison.Ordinal));
        var (b, pb) = Render("B", server.Url);
        Assert.Equal((1, 3), (b.FramesCached, b.FramesRendered));
        Assert.Contains("remote record for frame 1 ignored", Warnings(pb));
        Assert.Equal(Images(a), Images(b));
    }

    [Fact]
    public void A_server_stopped_mid_render_costs_a_warning_and_the_render_finishes_with_the_bytes_of_a_local_one()
    {
        using var server = new NginxServer();
        var (a, pa) = Render("A", server.Url, onStep: steps => { if (steps == 3) server.Stop(); });
        Assert.Equal(4, a.FramesRendered);
        Assert.Contains("warning PYTTI308: the remote cache http://127.0.0.1:", Warnings(pa));
        Assert.Contains("frames render locally", Warnings(pa));
        var (local, _) = Render("local", remote: null);
        Assert.Equal(Images(local), Images(a));
    }

    [Fact]
    public void A_server_answering_500_costs_one_warning_and_a_local_render()
    {
        using var server = new NginxServer(location: "return 500;");
        var (a, pa) = Render("A", server.Url);
        Assert.Equal(4, a.FramesRendered);
        var warning = Assert.Single(pa.Warnings);
        Assert.Contains("it answered 500", warning.Message);
        var (local, _) = Render("local", remote: null);
        Assert.Equal(Images(local), Images(a));
    }

    [Fact]
    public void A_server_that_never_answers_times_out_once_and_the_render_finishes_locally()
    {
        using var server = new SilentServer();
        var (a, pa) = Render("A", server.Url, timeout: 1);
        Assert.Equal(4, a.FramesRendered);
        var warning = Assert.Single(pa.Warnings);
        Assert.Contains("took longer than 1 s", warning.Message);
    }

    [Fact]
    public void Credentials_come_from_the_environment_and_never_show()
    {
        var env = new Dictionary<string, string?> { [RemoteCacheOptions.UrlVariable] = "http://127.0.0.1:9/base", [RemoteCacheOptions.TokenVariable] = "s3cret" };
        var options = RemoteCacheOptions.Resolve(null, readOnly: false, env.GetValueOrDefault)!;
        Assert.Equal("http://127.0.0.1:9/base/", options.ToString());
        Assert.Equal(("Bearer", "s3cret"), (options.Authorization!.Scheme, options.Authorization.Parameter));
        Assert.DoesNotContain("s3cret", options.ToString());
        var basic = RemoteCacheOptions.Resolve("http://127.0.0.1:9", true, new Dictionary<string, string?> { [RemoteCacheOptions.BasicVariable] = "ci:pw" }.GetValueOrDefault)!;
        Assert.Equal(("Basic", Convert.ToBase64String("ci:pw"u8.ToArray())), (basic.Authorization!.Scheme, basic.Authorization.Parameter));
        Assert.Null(RemoteCacheOptions.Resolve(null, false, _ => null));
        var e = Assert.Throws<ArgumentException>(() => RemoteCacheOptions.Resolve("http://ci:pw@127.0.0.1:9", false, _ => null));
        Assert.DoesNotContain("pw@", e.Message);
        Assert.Throws<ArgumentException>(() => RemoteCacheOptions.Resolve("ftp://127.0.0.1", false, _ => null));
    }
}
