using System.Text.Json;
using Pytti.Cli;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// <c>pytti render</c> and <c>pytti plan</c> on a scene inside a content project use the frame cache its <c>dotnet build</c>
/// uses, run from anywhere, and leave the working directory alone.
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

    [Fact]
    public void Outside_a_content_project_the_cache_stays_where_it_was()
    {
        var scene = Scene();
        var (exit, _, error) = Run("plan", scene, "--json");
        Assert.True(exit == 0, error);
        Assert.False(Directory.Exists(Path.Combine(Project, "obj")));
    }
}
