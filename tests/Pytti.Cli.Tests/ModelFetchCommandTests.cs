using System.IO.Compression;
using Pytti.Cli;
using Pytti.Models.Store;
using Pytti.Models.Tests.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// <c>pytti models fetch</c> against a loopback server standing in for RAFT's host (every request for a registered URL
/// goes to the server, path unchanged): by name, and what a scene needs; resumed after a cut; verified before it is placed.
/// </summary>
public sealed class ModelFetchCommandTests : IDisposable
{
    private static readonly byte[] RaftSmall = File.ReadAllBytes(SharedFixtures.Path("models", "raft-small.pth"));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-fetch-cli-");
    private string Store => Path.Combine(_dir.FullName, "store");
    private string Placed => Path.Combine(Store, "flow", "raft-small.pth");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>RAFT's <c>models.zip</c> as princeton-vl lays it out, around the real RAFT-small.</summary>
    private static byte[] ModelsZip() => ZipOf(RaftSmall);

    /// <summary>A <c>models.zip</c> whose <c>models/raft-small.pth</c> holds <paramref name="member"/>.</summary>
    private static byte[] ZipOf(byte[] member)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("models/raft-small.pth", CompressionLevel.Fastest).Open();
            entry.Write(member);
        }
        return buffer.ToArray();
    }

    private (int Exit, string Out, string Error) Run(LoopbackHttpServer? server, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var env = CliEnvironment.Capture(output, error, _dir.FullName) with
        {
            ModelHttp = server?.RoutingClient(),
        };
        var exit = PyttiApp.Run(args, env);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_name_is_downloaded_verified_and_placed_and_a_second_fetch_asks_nothing()
    {
        await using var server = new LoopbackHttpServer(ModelsZip());

        var (exit, output, error) = Run(server, "models", "fetch", "raft-small", "--models-dir", Store);

        Assert.True(exit == PyttiApp.ExitOk, error + output);
        Assert.Equal(RaftSmall, await File.ReadAllBytesAsync(Placed));
        Assert.Contains($"verified raft-small (flow, {RaftSmall.Length:N0} bytes, SHA-256 {FlowModels.RaftSmall.Sha256})", output);
        Assert.Equal("/s/4j4z58wuv8o0mfz/models.zip", Assert.Single(server.Requests).Path);

        var (again, _, againError) = Run(server, "models", "fetch", "raft-small", "--models-dir", Store);
        Assert.True(again == PyttiApp.ExitOk, againError);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_cut_download_is_resumed_with_a_range_request()
    {
        await using var server = new LoopbackHttpServer(ModelsZip(), [new ResponsePlan(CutAfterBytes: 100_000)]);

        var (exit, output, error) = Run(server, "models", "fetch", "raft-small", "--models-dir", Store);

        Assert.True(exit == PyttiApp.ExitOk, error + output);
        Assert.Equal(RaftSmall, await File.ReadAllBytesAsync(Placed));
        Assert.Equal([null, "bytes=100000-"], server.Requests.Select(r => r.Range));
    }

    [Fact]
    public async Task A_scene_fetches_the_registered_models_it_renders_with_and_leaves_its_local_files_alone()
    {
        await using var server = new LoopbackHttpServer(ModelsZip());
        var scene = Path.Combine(_dir.FullName, "flow.pytti.yaml");
        File.WriteAllText(scene, $"""
            scenes: a lighthouse
            animation_mode: 3D
            flow_stabilization_weight: 0.5
            depth_model: {SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth")}
            perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
            """);

        var (exit, output, error) = Run(server, "models", "fetch", "--scene", scene, "--models-dir", Store);

        Assert.True(exit == PyttiApp.ExitOk, error + output);
        Assert.Equal(RaftSmall, await File.ReadAllBytesAsync(Placed));
        Assert.Equal(["raft-small.pth"], Directory.EnumerateFiles(Store, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Where(f => !f!.EndsWith(".lock", StringComparison.Ordinal) && !f.EndsWith(".sha256", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_download_that_fails_its_digest_is_refused_and_never_placed()
    {
        await using var wrong = new LoopbackHttpServer(ZipOf([1, 2, 3]));

        var (exit, _, error) = Run(wrong, "models", "fetch", "raft-small", "--models-dir", Store);

        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI12", error);
        Assert.Contains(FlowModels.RaftSmall.Sha256, error);
        Assert.False(File.Exists(Placed));
    }

    [Theory]
    [InlineData("PYTTI123", "models", "fetch", "no-such-model")]
    [InlineData("PYTTI123", "models", "fetch")]
    [InlineData("PYTTI120", "models", "fetch", "raft-things")]
    public void Unknown_missing_and_unpinned_names_exit_1_with_a_code_and_nothing_is_downloaded(string code, params string[] args)
    {
        var (exit, _, error) = Run(null, [.. args, "--models-dir", Store]);

        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains(code, error);
        Assert.False(Directory.Exists(Path.Combine(Store, "flow")));
    }
}
