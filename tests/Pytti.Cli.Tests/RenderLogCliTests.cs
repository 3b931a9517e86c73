using System.Text.Json;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti render</c>'s log file: listed among the outputs (so builds clean it), and a failure logged with the code the user sees.</summary>
public sealed class RenderLogCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-cli-log-");
    private string Scene => Path.Combine(_dir.FullName, "s.pytti.yaml");
    private string Output => Path.Combine(_dir.FullName, "out");
    private string Log => Path.Combine(Output, "s.log");

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, string Out, string Error) Render(string perceptor, params string[] extra)
    {
        File.WriteAllText(Scene, TinyCliRenders.Scene("a lighthouse", stepsPerScene: 2, seed: 2, "file_namespace: s\n").Replace(
            SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt"), perceptor, StringComparison.Ordinal));
        return CliRun.Run(_dir.FullName, ["render", Scene, "--models-dir", TinyCliRenders.Store(_dir.FullName), "--offline", "-o", Output, .. extra]);
    }

    [Fact]
    public void The_log_is_one_of_the_files_a_render_reports()
    {
        var (exit, output, error) = Render(SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt"), "--json");
        Assert.True(exit == 0, error);
        var finished = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Contains(Log, finished.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var last = File.ReadAllLines(Log)[^1];
        Assert.True(last.EndsWith($" INF render finished: 1 frame(s) rendered, 0 cached; {finished.GetProperty("images").GetInt32()} image(s) in {Output}", StringComparison.Ordinal), last);
    }

    [Fact]
    public void A_failed_render_logs_the_error_line_the_user_sees()
    {
        var (exit, _, error) = Render(SharedFixtures.Path("fixtures", "vqgan", "tiny_vqgan.ckpt"));
        Assert.Equal(1, exit);
        var shown = error.Split('\n')[0].Trim();
        Assert.StartsWith("pytti: error PYTTI140: ", shown);

        var last = File.ReadAllLines(Log)[^1];
        Assert.EndsWith(" ERR render failed: " + shown["pytti: ".Length..], last);
        Assert.DoesNotContain(Directory.EnumerateFiles(Output), f => f.EndsWith(".png", StringComparison.Ordinal));
    }
}
