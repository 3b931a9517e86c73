using System.Text.Json;
using Pytti.Cli;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti plan</c>, <c>clean</c> and <c>cache gc</c> as a user meets them, errors included.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-plan-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(_dir.FullName, args);

    private string Scene(string yaml)
    {
        var path = Path.Combine(_dir.FullName, "s.pytti.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Plan_lists_every_frame_as_never_rendered_before_the_first_render()
    {
        var scene = Scene($"scenes: a cat\nperceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]\nsteps_per_scene: 6\nsteps_per_frame: 2\npre_animation_steps: 0\n");
        var (exit, output, error) = Run("plan", scene, "--json");
        Assert.True(exit == 0, error);
        var frames = JsonDocument.Parse(output).RootElement[0].GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.Equal("never rendered", f.GetProperty("reason").GetString()));
        var (tableExit, table, _) = Run("plan", scene);
        Assert.Equal(0, tableExit);
        Assert.Contains("0 cached, 3 to render", table);
    }

    [Fact]
    public void Plan_of_a_broken_scene_prints_located_errors_and_exits_1()
    {
        var (exit, output, _) = Run("plan", Scene("scenes: a cat\nsteps_per_scene: many\n"));
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("s.pytti.yaml(2,18): error PYTTI", output);
    }

    [Fact]
    public void A_missing_perceptor_file_is_a_clear_error_for_plan_clean_and_gc()
    {
        var scene = Scene("scenes: a cat\nperceptors: [missing/clip.pt]\n");
        foreach (var args in new[] { new[] { "plan", scene }, ["clean", scene], ["cache", "gc", scene] })
        {
            var (exit, output, error) = Run(args);
            Assert.Equal(PyttiApp.ExitUserError, exit);
            Assert.Contains("s.pytti.yaml(2,", output + error);        // located at the scene's perceptors line
            Assert.Contains("error PYTTI", output + error);
            Assert.Contains("clip.pt", output + error);
        }
    }
}
