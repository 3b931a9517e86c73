using System.Text.RegularExpressions;
using Pytti.Testing;
using Xunit.Abstractions;

namespace Pytti.Build.Tests;

/// <summary>
/// The real <c>dotnet build</c> on a copy of examples/HelloContent in a temporary folder, with the tiny
/// CLIP fixture, 16x16 pixels and two steps: render, no-op, edit, error, clean.
/// </summary>
public sealed class ContentProjectBuildTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Bin = AppContext.BaseDirectory;
    private readonly string _root = Directory.CreateTempSubdirectory("pytti-content-").FullName;

    private string Project => Path.Combine(_root, "HelloContent");
    private string Frames => Path.Combine(Project, "bin", "Debug", "net10.0", "pytti");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Build_renders_then_skips_rerenders_an_edited_scene_reports_scene_errors_and_clean_removes_the_frames()
    {
        if (OperatingSystem.IsWindows()) return;
        Arrange();

        var first = Dotnet("build");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("lighthouse.pytti.yaml: 1 rendered, 0 cached (", first.Output);
        Assert.Contains("harbour.pytti.yaml: 1 rendered, 0 cached (", first.Output);
        Assert.Contains("harbour.pytti.yaml: started, 2 step(s) into ", first.Output);
        Assert.Matches(@"harbour\.pytti\.yaml: frame 1, step 1/2, ETA estimating", first.Output);
        var lighthouse = Directory.GetFiles(Path.Combine(Frames, "scenes", "lighthouse"), "lighthouse_*.png");
        var harbour = Directory.GetFiles(Path.Combine(Frames, "scenes", "harbour"), "harbour_*.png");
        Assert.Equal(2, lighthouse.Count(f => Regex.IsMatch(f, @"_\d+\.png$"))); // two steps, save_every 1
        Assert.Equal(2, harbour.Count(f => Regex.IsMatch(f, @"_\d+\.png$")));
        var written = lighthouse.Concat(harbour).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var noop = Dotnet("build");
        Assert.True(noop.ExitCode == 0, noop.Output);
        Assert.DoesNotContain(" rendered, ", noop.Output);
        Assert.DoesNotContain("pytti.dll render", noop.Output);
        Assert.Equal(2, Regex.Matches(noop.Output, "up to date, nothing rendered").Count);
        Assert.All(written, kv => Assert.Equal(kv.Value, File.GetLastWriteTimeUtc(kv.Key)));

        // Touched, not changed: MSBuild asks pytti again, and pytti's frame keys find nothing to render.
        var scene = Path.Combine(Project, "scenes", "harbour.pytti.yaml");
        File.SetLastWriteTimeUtc(scene, DateTime.UtcNow);
        var touched = Dotnet("build");
        Assert.True(touched.ExitCode == 0, touched.Output);
        Assert.Contains("harbour.pytti.yaml: 0 rendered, 1 cached", touched.Output);

        File.WriteAllText(scene, File.ReadAllText(scene).Replace("seed: 7", "seed: 8"));
        var edited = Dotnet("build");
        Assert.True(edited.ExitCode == 0, edited.Output);
        Assert.Contains("harbour.pytti.yaml: 1 rendered, 0 cached", edited.Output);
        Assert.DoesNotContain("lighthouse.pytti.yaml: ", edited.Output.Replace("lighthouse.pytti.yaml: up to date", ""));
        Assert.All(lighthouse, f => Assert.Equal(written[f], File.GetLastWriteTimeUtc(f)));

        // A deleted output runs its scene again, and pytti's cache gives the frame back without rendering.
        var deleted = lighthouse.First(f => Regex.IsMatch(Path.GetFileName(f), @"^lighthouse_\d+\.png$"));
        File.Delete(deleted);
        var restored = Dotnet("build");
        Assert.True(restored.ExitCode == 0, restored.Output);
        Assert.Contains("lighthouse.pytti.yaml: 0 rendered, 1 cached", restored.Output);
        Assert.True(File.Exists(deleted));

        // Every broken scene is reported by the one build, at its line and column; the build fails.
        var broken = Path.Combine(Project, "scenes", "broken.pytti.yaml");
        var alsoBroken = Path.Combine(Project, "scenes", "also-broken.pytti.yaml");
        File.WriteAllText(broken, "scenes: a broken thing\nsmoothing_weight: heavy\n");
        File.WriteAllText(alsoBroken, "scenes: another\n\nborder_mode: sideways\n");
        var failed = Dotnet("build");
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Matches(@"broken\.pytti\.yaml\(2,\d+\): error PYTTI\d{3}: ", failed.Output);
        Assert.Matches(@"also-broken\.pytti\.yaml\(3,\d+\): error PYTTI\d{3}: ", failed.Output);
        Assert.DoesNotContain("broken.pytti.yaml: up to date", failed.Output);
        File.Delete(broken);
        File.Delete(alsoBroken);

        var clean = Dotnet("clean");
        Assert.True(clean.ExitCode == 0, clean.Output);
        Assert.Empty(Directory.Exists(Frames) ? Directory.GetFiles(Frames, "*", SearchOption.AllDirectories) : []);
        Assert.Empty(Directory.GetFiles(Path.Combine(Project, "obj"), "*.stamp", SearchOption.AllDirectories));
    }

    /// <summary>
    /// A PyTTI config folder in a content project: a scene item <c>config/conf/NAME.yaml</c> beside
    /// <c>config/default.yaml</c> renders as <c>python -m pytti.workhorse conf=NAME</c> would compose it.
    /// </summary>
    [Fact]
    public void A_conf_file_beside_default_yaml_is_composed_and_rendered()
    {
        if (OperatingSystem.IsWindows()) return;
        Arrange();
        Directory.Delete(Path.Combine(Project, "scenes"), recursive: true);
        var conf = Path.Combine(Project, "config", "conf");
        Directory.CreateDirectory(conf);
        File.WriteAllText(Path.Combine(Project, "config", "default.yaml"),
            "defaults:\n  - _self_\n  - conf: _empty\nscenes: ???\nseed: 1\nfile_namespace: default\nvideo_container: none\n");
        File.WriteAllText(Path.Combine(conf, "tiny.yaml"), "# @package _global_\nscenes: a lighthouse\nseed: 3\nfile_namespace: tiny\n");
        var targets = Path.Combine(Project, "Directory.Build.targets");
        File.WriteAllText(targets, File.ReadAllText(targets).Replace("</Project>", "  <ItemGroup><PyttiScene Include=\"config/conf/*.yaml\" /></ItemGroup>\n</Project>"));

        var build = Dotnet("build");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("tiny.yaml: 1 rendered, 0 cached (", build.Output);
        var outputs = Path.Combine(Frames, "tiny");   // <PyttiOutputDir><RecursiveDir (none without **)><name>
        var frames = Directory.GetFiles(outputs, "tiny_*.png");   // file_namespace from conf/tiny.yaml
        Assert.Equal(2, frames.Count(f => Regex.IsMatch(f, @"_\d+\.png$")));
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outputs, "tiny_manifest.json")));
        Assert.Equal("3", manifest.RootElement.GetProperty("seed").GetString());   // the conf wins over default.yaml
        Assert.Equal("a lighthouse", manifest.RootElement.GetProperty("settings").GetProperty("scenes").GetString());
    }

    /// <summary>The example, plus Directory.Build.* files that make the render tiny and offline.</summary>
    private void Arrange()
    {
        CopyDirectory(Path.Combine(SharedFixtures.RepoRoot, "examples", "HelloContent"), Project);
        var models = Path.Combine(_root, "models");
        Directory.CreateDirectory(Path.Combine(models, "clip"));
        File.Copy(SharedFixtures.Path("fixtures", "clip", "bpe_simple_vocab_16e6.txt.gz"), Path.Combine(models, "clip", "bpe_simple_vocab_16e6.txt.gz"));
        File.WriteAllText(Path.Combine(Project, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <PyttiRepoRoot>{SharedFixtures.RepoRoot}/</PyttiRepoRoot>
                <PyttiTasksAssembly>{Path.Combine(Bin, "Pytti.Build.dll")}</PyttiTasksAssembly>
                <PyttiToolPath>{Path.Combine(Bin, "pytti.dll")}</PyttiToolPath>
                <PyttiModelsDir>{models}</PyttiModelsDir>
                <PyttiOffline>true</PyttiOffline>
              </PropertyGroup>
            </Project>
            """);
        var perceptor = SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt");
        File.WriteAllText(Path.Combine(Project, "Directory.Build.targets"), $"""
            <Project>
              <ItemDefinitionGroup>
                <PyttiScene>
                  <Set>width=16;height=16;steps_per_scene=2;save_every=1;cutouts=2;perceptors=[{perceptor}]</Set>
                </PyttiScene>
              </ItemDefinitionGroup>
            </Project>
            """);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar) || relative.StartsWith("obj" + Path.DirectorySeparatorChar)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    private (int ExitCode, string Output) Dotnet(string verb)
    {
        // Minimal verbosity, as a plain `dotnet build` logs to a console: what the user sees by default.
        var (exit, text, elapsed) = DotnetCli.Run(Project, [verb, "-v", "m", "-nologo", "-tl:off", "-nodeReuse:false", "-p:UseSharedCompilation=false"]);
        output.WriteLine($"dotnet {verb}: exit {exit} in {elapsed.TotalSeconds:F1} s");
        return (exit, text);

    }
}
