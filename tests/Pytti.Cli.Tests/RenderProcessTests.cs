using System.Diagnostics;
using System.Text.Json;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>The <c>pytti</c> process under abuse: killed mid-render (its log keeps every whole line), and two at once on one cache.</summary>
public sealed class RenderProcessTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-process-");
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "pytti.dll");

    // 6 frames of 2 steps, an image every 2 steps.
    private string Scene => Path.Combine(_dir.FullName, "kill.pytti.yaml");

    public RenderProcessTests()
    {
        var vocab = Path.Combine(_dir.FullName, "store", "clip", OpenAiClipModels.BpeVocabulary.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(vocab)!);
        File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), vocab);
        File.WriteAllText(Scene, $"""
            scenes: a lighthouse || a storm || a harbour
            perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
            width: 16
            height: 16
            steps_per_scene: 4
            steps_per_frame: 2
            pre_animation_steps: 0
            save_every: 2
            cutouts: 2
            seed: 3
            video_container: none
            """);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private Process Start(string cache, string output, string? scene = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Cli, "render", scene ?? Scene, "--models-dir", Path.Combine(_dir.FullName, "store"), "--offline", "--json",
                     "--cache", Path.Combine(_dir.FullName, cache), "-o", Path.Combine(_dir.FullName, output) })
            info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private Dictionary<string, byte[]> Outputs(string output) =>
        Directory.GetFiles(Path.Combine(_dir.FullName, output), "*.png").Where(f => !f.EndsWith("_losses.png", StringComparison.Ordinal) && !f.EndsWith("_contact.png", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    private Dictionary<string, byte[]> Uninterrupted()
    {
        using var p = Start("reference-cache", "reference");
        _ = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return Outputs("reference");
    }

    /// <summary>The render log's lines, each checked whole (a timestamp, a level, a message), without their timestamps.</summary>
    private List<string> LogLines()
    {
        var lines = File.ReadAllLines(Path.Combine(_dir.FullName, "out", "default.log"));
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d (INF|WRN|ERR) \S", l));
        return [.. lines.Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..])];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_render_killed_with_sigkill_resumes_to_the_bytes_of_an_uninterrupted_one(int killAfterImages)
    {
        var expected = Uninterrupted();
        using (var p = Start("cache", "out"))
        {
            _ = p.StandardError.ReadToEndAsync();
            var images = 0;
            while (p.StandardOutput.ReadLine() is { } line)
            {
                if (JsonDocument.Parse(line).RootElement.GetProperty("event").GetString() == "image" && ++images == killAfterImages)
                {
                    p.Kill();                                   // SIGKILL: no cleanup runs in the child
                    break;
                }
            }
            p.WaitForExit();
        }
        var killedLog = LogLines();
        Assert.StartsWith("INF render started: ", killedLog[0]);
        Assert.True(killedLog.Count(l => l.Contains(", rendered; loss ", StringComparison.Ordinal)) >= killAfterImages - 1, string.Join('\n', killedLog));
        Assert.DoesNotContain(killedLog, l => l.Contains("render finished", StringComparison.Ordinal));
        using (var rerun = Start("cache", "out"))
        {
            var events = rerun.StandardOutput.ReadToEnd();
            rerun.WaitForExit();
            Assert.True(rerun.ExitCode == 0, events + rerun.StandardError.ReadToEnd());
            var finished = JsonDocument.Parse(events.Trim().Split('\n')[^1]).RootElement;
            // Image n is saved at step 2n-1, inside frame n-1; frames that ended before the kill come from the cache.
            Assert.True(finished.GetProperty("cached").GetInt32() >= killAfterImages - 1, events);
        }
        Assert.StartsWith("INF render finished: ", LogLines()[^1]);
        var actual = Outputs("out");
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, bytes) in expected) Assert.Equal(bytes, actual[name]);
    }

    /// <summary>
    /// Three renders killed at random moments in a row (each resuming what the last left), then one to
    /// the end: every frame file seen on the way is whole, and the end gives the uninterrupted bytes.
    /// The moments are drawn up to the length of an uninterrupted run; the seed is in any failure. A killed
    /// writer's hidden temporary file may stay until the next run removes it; the last run leaves none.
    /// </summary>
    [Fact]
    public void Renders_killed_at_random_moments_resume_to_the_bytes_of_an_uninterrupted_one()
    {
        var clock = Stopwatch.StartNew();
        var expected = Uninterrupted();
        var span = clock.Elapsed.TotalMilliseconds;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        for (var i = 0; i < 3; i++)
        {
            var delay = (int)(random.NextDouble() * span);
            using (var p = Start("cache", "out"))
            {
                _ = p.StandardOutput.ReadToEndAsync();
                _ = p.StandardError.ReadToEndAsync();
                if (!p.WaitForExit(delay)) p.Kill();            // SIGKILL at a moment nobody chose
                p.WaitForExit();
            }
            if (Directory.Exists(Path.Combine(_dir.FullName, "out")))
                foreach (var (name, bytes) in Outputs("out").Where(o => !o.Key.StartsWith('.')))   // .name.<pid>-<guid>.tmp: a killed writer's temp, removed by the next run
                    Assert.True(expected.TryGetValue(name, out var whole) && whole.SequenceEqual(bytes), $"{name} is not whole after a kill at {delay} ms (seed {seed})");
        }
        using (var rerun = Start("cache", "out"))
        {
            var events = rerun.StandardOutput.ReadToEnd();
            rerun.WaitForExit();
            Assert.True(rerun.ExitCode == 0, $"seed {seed}: " + events + rerun.StandardError.ReadToEnd());
        }
        var actual = Outputs("out");
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, bytes) in expected) Assert.True(bytes.SequenceEqual(actual[name]), $"{name} differs (seed {seed})");
    }

    [Fact]
    public async Task Two_concurrent_renders_on_one_cache_both_succeed_with_identical_outputs()
    {
        using var a = Start("shared-cache", "a");
        using var b = Start("shared-cache", "b");
        var outputs = new[] { a, b }.Select(p => (p, p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync())).ToList();
        foreach (var (p, stdout, stderr) in outputs)
        {
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, await stdout + await stderr);
        }
        var (first, second) = (Outputs("a"), Outputs("b"));
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        foreach (var (name, bytes) in first) Assert.Equal(bytes, second[name]);
    }

    private static async Task Finish(params Process[] processes)
    {
        var runs = processes.Select(p => (p, p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync())).ToList();
        foreach (var (p, stdout, stderr) in runs)
        {
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, await stdout + await stderr);
        }
    }

    [Fact]
    public async Task Two_renders_of_one_scene_into_one_output_folder_give_the_outputs_of_a_lone_render()
    {
        var expected = Uninterrupted();
        using var a = Start("shared-cache", "out");
        using var b = Start("shared-cache", "out");
        await Finish(a, b);
        var actual = Outputs("out");
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, bytes) in expected) Assert.Equal(bytes, actual[name]);
    }

    [Fact]
    public async Task Two_scenes_on_one_cache_both_finish_with_the_outputs_of_lone_renders()
    {
        var other = Path.Combine(_dir.FullName, "other.pytti.yaml");
        File.WriteAllText(other, File.ReadAllText(Scene).Replace("seed: 3", "seed: 4"));
        var expected = Uninterrupted();
        using (var lone = Start("lone-cache", "lone-other", other)) await Finish(lone);
        using var a = Start("shared-cache", "a");
        using var b = Start("shared-cache", "b", other);
        await Finish(a, b);
        foreach (var (reference, output) in new[] { (expected, "a"), (Outputs("lone-other"), "b") })
        {
            var actual = Outputs(output);
            Assert.Equal(reference.Keys.Order(), actual.Keys.Order());
            foreach (var (name, bytes) in reference) Assert.Equal(bytes, actual[name]);
        }
    }
}
