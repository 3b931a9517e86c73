using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Pytti.Cli;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary><c>--remote-cache</c> on <c>plan</c> and <c>render</c>, and what <c>plan --json</c> gives a CI matrix.</summary>
public sealed class RemoteCacheCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-remote-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(_dir.FullName, args);

    private string Scene()
    {
        var path = Path.Combine(_dir.FullName, "s.pytti.yaml");
        File.WriteAllText(path, $"scenes: a cat\nperceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]\nsteps_per_scene: 6\nsteps_per_frame: 2\npre_animation_steps: 0\n");
        return path;
    }

    /// <summary>A loopback port nothing listens on: connections are refused at once.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public void Plan_json_gives_counts_and_estimated_steps_and_a_remote_that_is_down_is_a_warning()
    {
        var (exit, output, error) = Run("plan", Scene(), "--json", "--remote-cache", $"http://127.0.0.1:{ClosedPort()}/pytti");
        Assert.True(exit == 0, error);
        Assert.Contains("warning PYTTI308: the remote cache http://127.0.0.1:", error);
        var scene = JsonDocument.Parse(output).RootElement[0];
        Assert.Equal((3, 0, 0, 3, 6), (scene.GetProperty("frame_count").GetInt32(), scene.GetProperty("cached").GetInt32(),
            scene.GetProperty("remote").GetInt32(), scene.GetProperty("dirty").GetInt32(), scene.GetProperty("estimated_steps").GetInt32()));
    }

    [Theory]
    [InlineData("render")]
    [InlineData("plan")]
    public void A_remote_cache_that_is_not_an_http_url_or_carries_credentials_is_a_located_user_error(string command)
    {
        var (exit, output, error) = Run(command, Scene(), "--remote-cache", "ftp://cache.example/pytti");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("error PYTTI151: the remote cache 'ftp://cache.example/pytti' is not an http:// or https:// URL", output + error);
        var (exit2, output2, error2) = Run(command, Scene(), "--remote-cache", "http://ci:hunter2@127.0.0.1:1/");
        Assert.Equal(PyttiApp.ExitUserError, exit2);
        Assert.Contains("PYTTI_REMOTE_CACHE_TOKEN", output2 + error2);
        Assert.DoesNotContain("hunter2", output2 + error2);
    }
}
