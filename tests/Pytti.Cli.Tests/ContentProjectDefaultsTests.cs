using System.Text.Json;
using Pytti.Cli;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// <c>pytti render</c>, <c>plan</c> and <c>explain</c> on a scene inside a content project use the frame cache and the output
/// folder its <c>dotnet build</c> uses, run from anywhere, say which, and leave the working directory alone.
/// </summary>
public sealed class ContentProjectDefaultsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-content-defaults-");
    private string Project => Path.Combine(_dir.FullName, "Content");
    private string Elsewhere => Path.Combine(_dir.FullName, "elsewhere");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Scene()
    {
        var scene = Path.Combine(Project, "scenes", "a.pytti.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(scene)!);
        Directory.CreateDirectory(Elsewhere);
        File.WriteAllText(scene, $"scenes: a cat\nperceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]\n" +
            "width: 16\nheight: 16\nsteps_per_scene: 2\nsteps_per_frame: 1\npre_animation_steps: 0\ncutouts: 2\nvideo_container: none\n");
        return scene;
    }

    private (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(Elsewhere, args);

    private void RenderThenPlanFindsEveryFrameCached(string scene, string expectedCache)
    {
        var (exit, output, error) = Run("render", scene, "--offline", "--models-dir", Path.Combine(_dir.FullName, "store"), "-o", Path.Combine(_dir.FullName, "out"));
        Assert.True(exit == 0, error + output);
        Assert.True(Directory.Exists(expectedCache), expectedCache);

        var (planExit, plan, planError) = Run("plan", scene, "--json");
        Assert.True(planExit == 0, planError);
        var frames = JsonDocument.Parse(plan).RootElement[0].GetProperty("frames").EnumerateArray().ToList();
        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.True(f.GetProperty("cached").GetBoolean(), f.ToString()));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Elsewhere));   // nothing written where the commands ran
    }

    [Fact]
    public void A_project_referencing_pytti_build_uses_its_obj_cache()
    {
        var scene = Scene();
        File.WriteAllText(Path.Combine(Project, "Content.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup><PackageReference Include="Pytti.Build" Version="0.1.0" /></ItemGroup>
            </Project>
            """);

        RenderThenPlanFindsEveryFrameCached(scene, Path.Combine(Project, "obj", "pytti", "cache"));
    }

    [Fact]
    public void A_directory_build_props_setting_pytti_cache_dir_names_the_cache()
    {
        var scene = Scene();
        File.WriteAllText(Path.Combine(Project, "Directory.Build.props"), """
            <Project>
              <PropertyGroup><PyttiCacheDir>$(MSBuildThisFileDirectory)../shared-cache/</PyttiCacheDir></PropertyGroup>
            </Project>
            """);

        RenderThenPlanFindsEveryFrameCached(scene, Path.Combine(_dir.FullName, "shared-cache"));
    }

    private void WriteProject(string properties = "", string items = "") => File.WriteAllText(Path.Combine(Project, "Content.csproj"), $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup><TargetFramework>net10.0</TargetFramework>{properties}</PropertyGroup>
          <ItemGroup><PackageReference Include="Pytti.Build" Version="0.1.0" />{items}</ItemGroup>
        </Project>
        """);

    [Fact]
    public void Render_without_an_output_folder_writes_where_dotnet_build_writes_and_explain_and_plan_say_where()
    {
        var scene = Scene();
        WriteProject();
        var expected = Path.Combine(Project, MsBuildOutDir(), "pytti", "scenes", "a");   // the targets' $(OutDir)pytti/<folder>/<name>/
        var cache = Path.Combine(Project, "obj", "pytti", "cache");

        var (exit, output, error) = Run("render", scene, "--offline", "--models-dir", Path.Combine(_dir.FullName, "store"));
        Assert.True(exit == 0, error + output);
        Assert.True(File.Exists(Path.Combine(expected, "default_manifest.json")), output);
        Assert.NotEmpty(Directory.GetFiles(expected, "default_*.png"));

        var explain = Run("explain", scene);
        Assert.True(explain.Exit == 0, explain.Error);
        Assert.Contains($"Output: {expected}\n", explain.Out.ReplaceLineEndings("\n"));
        Assert.Contains($"Cache: {cache}\n", explain.Out.ReplaceLineEndings("\n"));
        var plan = JsonDocument.Parse(Run("plan", scene, "--json").Out).RootElement[0];
        Assert.Equal(expected, plan.GetProperty("output").GetString());
        Assert.Equal(cache, plan.GetProperty("cache").GetString());
        Assert.Equal(0, plan.GetProperty("dirty").GetInt32());
        Assert.True(File.Exists(Path.Combine(expected, "default.log")));

        var clean = Run("clean", scene);
        Assert.True(clean.Exit == 0, clean.Error);
        Assert.Empty(Directory.GetFiles(expected, "default*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Elsewhere));
    }

    /// <summary>What MSBuild itself makes of the project's <c>OutDir</c> (relative to the project folder).</summary>
    private string MsBuildOutDir()
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Project };
        foreach (var a in new[] { "msbuild", "Content.csproj", "-getProperty:OutDir", "-nologo" }) info.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(info)!;
        _ = p.StandardError.ReadToEndAsync();
        var outDir = p.StandardOutput.ReadToEnd().Trim();
        Assert.True(p.WaitForExit(120_000) && p.ExitCode == 0, outDir);
        return outDir.Replace('\\', '/');   // MSBuild writes bin\Debug/net10.0/ and reads either separator as one
    }

    [Theory]
    [InlineData("<PyttiOutputDir>renders/</PyttiOutputDir>", "", "", "Content/renders/scenes/a")]
    [InlineData("", "", "<PyttiOutputDir>$(MSBuildThisFileDirectory)site/</PyttiOutputDir>", "site/scenes/a")]
    [InlineData("<PyttiOutputDir>renders/</PyttiOutputDir>", "<PyttiScene Update=\"scenes/a.pytti.yaml\" OutputDir=\"../published/a/\" />", "", "published/a")]
    [InlineData("<BaseOutputPath>out/</BaseOutputPath>", "", "", "Content/out/Debug/net10.0/pytti/scenes/a")]
    public void The_output_folder_follows_the_projects_properties_and_the_scenes_metadata(string properties, string items, string props, string expected)
    {
        var scene = Scene();
        WriteProject(properties, items);
        if (props.Length > 0) File.WriteAllText(Path.Combine(_dir.FullName, "Directory.Build.props"), $"<Project><PropertyGroup>{props}</PropertyGroup></Project>");

        var (exit, output, error) = Run("explain", scene, "--json");
        Assert.True(exit == 0, error);
        var paths = JsonDocument.Parse(output).RootElement.GetProperty("paths");
        Assert.Equal(Path.Combine(_dir.FullName, expected), paths.GetProperty("output").GetString());
        Assert.Equal(Path.Combine(Project, "obj", "pytti", "cache"), paths.GetProperty("cache").GetString());
    }

    [Fact]
    public void Outside_a_content_project_explain_names_the_working_directorys_defaults()
    {
        var scene = Scene();
        var (exit, output, error) = Run("explain", scene, "--json", "file_namespace=cats");
        Assert.True(exit == 0, error);
        var paths = JsonDocument.Parse(output).RootElement.GetProperty("paths");
        Assert.Equal(Path.Combine(Elsewhere, "images_out", "cats"), paths.GetProperty("output").GetString());
        Assert.Equal(Path.Combine(Elsewhere, ".pytti", "cache"), paths.GetProperty("cache").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Elsewhere));
    }

    [Fact]
    public void Outside_a_content_project_the_cache_stays_where_it_was()
    {
        var scene = Scene();
        var (exit, _, error) = Run("plan", scene, "--json");
        Assert.True(exit == 0, error);
        Assert.False(Directory.Exists(Path.Combine(Project, "obj")));
    }
}
