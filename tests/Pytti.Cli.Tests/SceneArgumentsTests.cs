using System.Text.Json;
using Pytti.Cli;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// The scene commands read arguments as PyTTI's command line does: <c>--config-dir DIR conf=NAME key=value</c>
/// composes a PyTTI config folder like <c>python -m pytti.workhorse conf=NAME</c>, and a scene file takes
/// trailing Hydra-style overrides (quoted values kept exactly).
/// </summary>
public sealed class SceneArgumentsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-scene-args-");

    /// <summary>A copy of PyTTI's own config folder (default.yaml and conf/demo.yaml).</summary>
    private string Config => Path.Combine(_dir.FullName, "config");

    public SceneArgumentsTests()
    {
        var source = SharedFixtures.Path("peer-configs", "core", "hydra", "config");
        foreach (var file in Directory.EnumerateFiles(source, "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Config, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, string Out, string Error) Run(params string[] args)
    {
        var (exit, output, error) = CliRun.Run(_dir.FullName, args);
        return (exit, output.Replace("\r\n", "\n"), error.Replace("\r\n", "\n"));
    }

    private JsonElement Explain(params string[] args)
    {
        var (exit, output, error) = Run(["explain", .. args, "--json", "--frames", "0"]);
        Assert.True(exit == 0, error + output);
        return JsonDocument.Parse(output).RootElement;
    }

    private static JsonElement Setting(JsonElement report, string name) => report.GetProperty("settings").GetProperty(name);

    [Fact]
    public void Config_dir_with_conf_composes_default_and_the_named_override_file()
    {
        var report = Explain("--config-dir", "config", "conf=demo");
        Assert.Equal("Limited Palette", Setting(report, "image_model").GetProperty("value").GetString());
        Assert.StartsWith(Path.Combine("config", "conf", "demo.yaml") + "(", Setting(report, "image_model").GetProperty("source").GetString());
        Assert.Equal("3D", Setting(report, "animation_mode").GetProperty("value").GetString());
        Assert.Equal(30, Setting(report, "steps_per_scene").GetProperty("value").GetInt32());
        Assert.Equal(3, Setting(report, "save_every").GetProperty("value").GetInt32());   // ${steps_per_frame}
        var scene = Assert.Single(report.GetProperty("scenes").EnumerateArray());   // prompts split by '|', scenes by '||'
        Assert.StartsWith("astrophotography #pixelart | image credit nasa", scene.GetProperty("text").GetString());
    }

    [Fact]
    public void Trailing_overrides_after_conf_win_over_the_files()
    {
        var report = Explain("--config-dir", "config", "conf=demo", "steps_per_frame=5", "image_model=VQGAN");
        Assert.Equal(5, Setting(report, "save_every").GetProperty("value").GetInt32());   // interpolated after the override
        Assert.Equal("VQGAN", Setting(report, "image_model").GetProperty("value").GetString());
        Assert.Equal("<override>(3,13)", Setting(report, "image_model").GetProperty("source").GetString());
    }

    [Fact]
    public void Without_conf_the_required_scenes_are_missing_and_an_override_gives_them()
    {
        var (exit, output, _) = Run("check", "--config-dir", "config");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("error PYTTI012:", output);
        Assert.Equal(PyttiApp.ExitOk, Run("check", "--config-dir", "config", "scenes=a lighthouse").Exit);
    }

    [Fact]
    public void Hydra_quoting_keeps_the_quoted_text_exactly()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "s.pytti.yaml"), "scenes: a cat\nscene_suffix: x\n");
        var report = Explain("s.pytti.yaml", "scene_suffix=\" \"", "scenes='a dog | a cow'");
        Assert.Equal(" ", Setting(report, "scene_suffix").GetProperty("value").GetString());
        Assert.Equal(2, report.GetProperty("scenes")[0].GetProperty("prompts").GetArrayLength());
    }

    [Fact]
    public void A_mistake_inside_a_composed_file_is_located_in_that_file()
    {
        File.AppendAllText(Path.Combine(Config, "conf", "demo.yaml"), "cutouts: many\n");
        var (exit, output, _) = Run("check", "--config-dir", "config", "conf=demo");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        var line = File.ReadAllLines(Path.Combine(Config, "conf", "demo.yaml")).Length;
        Assert.Contains($"{Path.Combine("config", "conf", "demo.yaml")}({line},10): error PYTTI009: 'cutouts' must be a whole number", output);
    }

    [Fact]
    public void A_conf_that_does_not_exist_is_a_located_error()
    {
        var (exit, output, _) = Run("plan", "--config-dir", "config", "conf=demo2");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Matches(@"<override>\(1,6\): error PYTTI018: .*demo2", output);
    }

    [Fact]
    public void Naming_the_conf_file_itself_composes_the_same_way_and_takes_trailing_overrides()
    {
        var report = Explain(Path.Combine("config", "conf", "demo.yaml"), "steps_per_scene=12");
        Assert.Equal("Limited Palette", Setting(report, "image_model").GetProperty("value").GetString());
        Assert.Equal(12, Setting(report, "steps_per_scene").GetProperty("value").GetInt32());
    }

    [Fact]
    public void Check_takes_several_files_and_overrides_apply_to_each()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "a.pytti.yaml"), "scenes: a\ncutouts: many\n");
        File.WriteAllText(Path.Combine(_dir.FullName, "b.pytti.yaml"), "scenes: b\n");
        var (exit, output, _) = Run("check", "a.pytti.yaml", "b.pytti.yaml", "cutouts=8", "steps_per_scene=10");
        Assert.True(exit == PyttiApp.ExitOk, output);
        Assert.Contains("a.pytti.yaml: ok (1 scenes, 10 steps", output);
        Assert.Contains("b.pytti.yaml: ok (1 scenes, 10 steps", output);
    }

    [Fact]
    public void A_file_whose_name_has_an_equals_sign_is_a_file()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "a=b.pytti.yaml"), "scenes: a\n");
        var (exit, output, _) = Run("check", "a=b.pytti.yaml");
        Assert.True(exit == PyttiApp.ExitOk, output);
        Assert.Contains("a=b.pytti.yaml: ok", output);
    }

    [Theory]
    [InlineData("render")]
    [InlineData("plan", "--json")]
    public void No_scene_at_all_is_a_usage_error(params string[] args)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(PyttiApp.ExitUsage, exit);
        Assert.StartsWith($"pytti: error: {args[0]} needs a scene file (pytti {args[0]} scene.pytti.yaml [key=value]...) or a PyTTI config folder", error);
    }

    [Theory]
    [InlineData("PYTTI145: render needs a scene file", "render", "steps_per_scene=3")]
    [InlineData("PYTTI145: 'x.pytti.yaml' is not key=value: with --config-dir every argument is an override", "check", "--config-dir", "config", "x.pytti.yaml")]
    [InlineData("PYTTI145: nowhere: --config-dir names a PyTTI config folder, which holds default.yaml; there is none", "explain", "--config-dir", "nowhere", "conf=demo")]
    [InlineData("PYTTI145: explain takes one scene file, not 2", "explain", "a.pytti.yaml", "b.pytti.yaml")]
    [InlineData("PYTTI145: --clock 'yesterday' is not a time", "render", "a.pytti.yaml", "--clock", "yesterday")]
    public void Arguments_that_do_not_fit_are_a_clear_error(string expected, params string[] args)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "a.pytti.yaml"), "scenes: a\n");
        var (exit, output, error) = Run(args);
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.StartsWith("pytti: error " + expected, error);
        Assert.Equal("", output);
    }

    /// <summary>A 50 MB prompt through an override is refused like a 50 MB scene file (PYTTI042), before anything reads it.</summary>
    [Theory]
    [InlineData("check", "--set")]
    [InlineData("render", null)]
    public void A_huge_override_is_refused_with_a_located_error(string command, string? option)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "a.pytti.yaml"), "scenes: a\n");
        var huge = "scenes=" + new string('x', 50_000_000);
        string[] args = option is null ? [command, "a.pytti.yaml", "cutouts=8", huge] : [command, "a.pytti.yaml", option, huge];
        var (exit, output, error) = Run(args);
        Assert.Equal(PyttiApp.ExitUserError, exit);
        var position = option is null ? 2 : 1;
        Assert.Contains($"<override>({position},1): error PYTTI042: override 'scenes=...' is 50,000,007 characters; an override is limited to 1,048,576, like a scene file.", output);
        Assert.True(output.Length + error.Length < 2000, "the value is not echoed");
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "images_out")));
    }
}
