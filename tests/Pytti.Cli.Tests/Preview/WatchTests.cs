using System.Net;
using System.Text.Json;
using Pytti.Cli.Commands;
using Pytti.Cli.Preview;
using Pytti.Pipeline.Rendering;
using Pytti.Testing;

namespace Pytti.Cli.Tests.Preview;

/// <summary><c>pytti watch</c>: saves re-render through the cache and the page follows; a broken save shows its located error there.</summary>
public sealed class WatchTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly PreviewRenders _renders = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly HttpClient _http = new() { Timeout = Patience };

    public void Dispose()
    {
        _http.Dispose();
        _renders.Dispose();
    }

    private string ScenePath => Path.Combine(_renders.Folder, "two.pytti.yaml");

    // 2 scenes x 4 steps, 2 steps per frame: 4 frames; an image every 2 steps.
    private static string Scene(string second) => $"""
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
        """;

    private Task<int> Watch(CancellationToken cancel)
    {
        var env = CliEnvironment.Capture(_out, _error, _renders.Folder) with { Out = TextWriter.Synchronized(_out), Error = TextWriter.Synchronized(_error) };
        var request = new RenderRequest(ScenePath) { WorkingDirectory = _renders.Folder, ModelsDirectory = _renders.Store, Offline = true };
        return Task.Run(() => WatchCommand.Run(env, new PreviewOptions(IPAddress.Loopback, 0), [request], cancel));
    }

    private async Task<Uri> Address(Task watch)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            Assert.False(watch.IsCompleted, "watch ended early: " + _error + _out);
            var m = System.Text.RegularExpressions.Regex.Match(_error.ToString(), @"preview at (\S+)");
            if (m.Success) return new Uri(m.Groups[1].Value);
            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task<JsonElement> Until(StreamReader events, Func<JsonElement, bool> done)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (await events.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonDocument.Parse(line[6..]).RootElement is var s && done(s)) return s.Clone();
        throw new InvalidOperationException("the event stream ended");
    }

    private static bool Finished(JsonElement s, int rendered, int cached) =>
        s.GetProperty("status").GetString() == "finished" && s.GetProperty("framesRendered").GetInt32() == rendered && s.GetProperty("framesCached").GetInt32() == cached;

    [Fact]
    public async Task A_save_re_renders_only_the_frames_it_touches_and_a_broken_save_shows_its_located_error()
    {
        File.WriteAllText(ScenePath, Scene("a storm"));
        using var stop = new CancellationTokenSource();
        var watch = Watch(stop.Token);
        _http.BaseAddress = await Address(watch);
        using var response = await _http.GetAsync("events", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await Until(events, s => Finished(s, 4, 0));
        Assert.Equal(5, first.GetProperty("frames").GetArrayLength());   // after steps 2, 4, 6, 8 and the finished image

        File.WriteAllText(ScenePath, Scene("a calm sea"));          // matters from frame 2 (scene 2) on
        var edited = await Until(events, s => Finished(s, 2, 2));
        Assert.Equal(5, edited.GetProperty("frames").GetArrayLength());

        File.WriteAllText(ScenePath, Scene("a calm sea").Replace("steps_per_scene: 4", "steps_per_scene: many", StringComparison.Ordinal));
        var broken = await Until(events, s => s.GetProperty("status").GetString() == "error");
        Assert.Matches(@"two\.pytti\.yaml\(\d+,\d+\): error PYTTI\d{3}: ", broken.GetProperty("error").GetString());
        Assert.Equal(5, broken.GetProperty("frames").GetArrayLength());   // the last good result stays
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("image")).StatusCode);

        await stop.CancelAsync();
        Assert.Equal(0, await watch.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_scene_in_a_content_project_renders_into_the_folders_its_build_uses_and_nothing_into_the_working_directory()
    {
        var project = Path.Combine(_renders.Folder, "Content");
        var scene = Path.Combine(project, "scenes", "two.pytti.yaml");
        var workingDirectory = Path.Combine(_renders.Folder, "elsewhere");
        Directory.CreateDirectory(Path.GetDirectoryName(scene)!);
        Directory.CreateDirectory(workingDirectory);
        File.WriteAllText(Path.Combine(project, "Content.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><PyttiOutputDir>renders/</PyttiOutputDir></PropertyGroup>
              <ItemGroup><PackageReference Include="Pytti.Build" Version="0.1.0" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(scene, Scene("a storm"));
        var env = CliEnvironment.Capture(_out, _error, workingDirectory) with { Out = TextWriter.Synchronized(_out), Error = TextWriter.Synchronized(_error) };
        var request = WatchCommand.Request(env, scene, [], _renders.Store, device: null, offline: true, cache: null);
        using var stop = new CancellationTokenSource();
        var watch = Task.Run(() => WatchCommand.Run(env, new PreviewOptions(IPAddress.Loopback, 0), [request], stop.Token));
        _http.BaseAddress = await Address(watch);
        using var response = await _http.GetAsync("events", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync());
        await Until(events, s => Finished(s, 4, 0));
        await stop.CancelAsync();
        Assert.Equal(0, await watch.WaitAsync(Patience));

        var output = Path.Combine(project, "renders", "scenes", "two");   // $(PyttiOutputDir)<folder>/<name>/, as dotnet build writes it
        Assert.True(File.Exists(Path.Combine(output, "two_manifest.json")), string.Join("\n", Directory.GetFiles(_renders.Folder, "*", SearchOption.AllDirectories)));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(project, "obj", "pytti", "cache"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(workingDirectory));
    }
}
