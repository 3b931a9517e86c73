using System.Text.Json;
using Pytti.Cli;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// A scene that reads the clock (<c>seed: ${now:%f}</c>, PyTTI's way to a new seed per run) renders
/// once with the time it read, records it in the manifest and the scene's lock file, and repeats on
/// the next render; <c>--clock TIME</c> repeats it anywhere, <c>--clock now</c> draws a new one.
/// Also the render command's trailing Hydra-style overrides (the tiny settings are passed that way).
/// </summary>
public sealed class RenderClockTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-render-clock-");
    private string Store => Path.Combine(_dir.FullName, "store");
    private string Scene => Path.Combine(_dir.FullName, "clock.pytti.yaml");
    private static string Tiny => SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt");

    public RenderClockTests()
    {
        TinyCliRenders.Store(_dir.FullName);
        File.WriteAllText(Scene, "scenes: a lighthouse\nseed: ${now:%f}\nfile_namespace: clock\n");
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, JsonElement Finished, string Error) Render(string output, params string[] extra)
    {
        var stdout = new StringWriter();
        var error = new StringWriter();
        string[] args =
        [
            "render", Scene, $"perceptors=[{Tiny}]", "width=16", "height=16", "steps_per_scene=2", "steps_per_frame=2",
            "pre_animation_steps=0", "save_every=2", "cutouts=2", "--models-dir", Store, "--offline", "-o", Path.Combine(_dir.FullName, output),
            "--cache", Path.Combine(_dir.FullName, "cache"), "--json", .. extra,
        ];
        var exit = PyttiApp.Run(args, CliEnvironment.Capture(stdout, error, _dir.FullName));
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (exit, exit == 0 ? JsonDocument.Parse(lines[^1]).RootElement : default, error + stdout.ToString());
    }

    private static JsonElement Manifest(JsonElement finished) => JsonDocument.Parse(File.ReadAllText(finished.GetProperty("manifest").GetString()!)).RootElement;

    private static byte[] Frame(JsonElement finished) => File.ReadAllBytes(finished.GetProperty("files")[0].GetString()!);

    [Fact]
    public void A_second_render_reuses_the_recorded_clock_and_gives_the_same_bytes_from_the_cache()
    {
        var first = Render("a");
        Assert.True(first.Exit == 0, first.Error);
        Assert.Equal(1, first.Finished.GetProperty("rendered").GetInt32());   // trailing overrides applied: one 2-step frame
        var clock = Manifest(first.Finished).GetProperty("clock").GetString()!;
        var micros = DateTimeOffset.Parse(clock, System.Globalization.CultureInfo.InvariantCulture).Ticks % 10_000_000 / 10;
        Assert.Equal(micros.ToString(System.Globalization.CultureInfo.InvariantCulture), Manifest(first.Finished).GetProperty("seed").GetString());

        var second = Render("b");
        Assert.True(second.Exit == 0, second.Error);
        Assert.Equal(0, second.Finished.GetProperty("rendered").GetInt32());
        Assert.Equal(clock, Manifest(second.Finished).GetProperty("clock").GetString());
        Assert.Equal(Frame(first.Finished), Frame(second.Finished));
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.FullName, "clock.pytti.lock.json")));
        Assert.Equal(clock, lockFile.RootElement.GetProperty("clock").GetString());
    }

    [Fact]
    public void Clock_option_repeats_a_render_without_its_lock_file_and_now_draws_a_new_time()
    {
        const string time = "2026-12-07T06:27:52.1234560+00:00";
        var first = Render("a", "--clock", time);
        Assert.True(first.Exit == 0, first.Error);
        Assert.Equal("123456", Manifest(first.Finished).GetProperty("seed").GetString());
        Assert.Equal(time, Manifest(first.Finished).GetProperty("clock").GetString());
        File.Delete(Path.Combine(_dir.FullName, "clock.pytti.lock.json"));
        Directory.Delete(Path.Combine(_dir.FullName, "cache"), recursive: true);

        var again = Render("b", "--clock", time);
        Assert.True(again.Exit == 0, again.Error);
        Assert.Equal(1, again.Finished.GetProperty("rendered").GetInt32());   // rendered anew, with the same seed
        Assert.Equal(Frame(first.Finished), Frame(again.Finished));

        var fresh = Render("c", "--clock", "now");
        Assert.True(fresh.Exit == 0, fresh.Error);
        Assert.NotEqual(time, Manifest(fresh.Finished).GetProperty("clock").GetString());
        Assert.Equal(1, fresh.Finished.GetProperty("rendered").GetInt32());
    }

    [Fact]
    public void A_scene_that_does_not_read_the_clock_records_none()
    {
        File.WriteAllText(Scene, "scenes: a lighthouse\nseed: 7\nfile_namespace: clock\n");
        var run = Render("a");
        Assert.True(run.Exit == 0, run.Error);
        Assert.Equal(JsonValueKind.Null, Manifest(run.Finished).GetProperty("clock").ValueKind);
        Assert.Equal("7", Manifest(run.Finished).GetProperty("seed").GetString());
    }
}
