using Pytti.Cli;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti check FILE...</c>: every error of every file, exit code 1 when any.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pytti-check-cli", Guid.NewGuid().ToString("N"));

    public CheckCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Exit, string Out) Run(params string[] args)
    {
        var output = new StringWriter();
        var exit = PyttiApp.Run(args, CliEnvironment.Capture(output, new StringWriter(), _root));
        return (exit, output.ToString().Replace("\r\n", "\n"));
    }

    private void Write(string name, string yaml) => File.WriteAllText(Path.Combine(_root, name), yaml);

    [Fact]
    public void Valid_file_passes()
    {
        Write("ok.pytti.yaml", "scenes: a cat || a dog\nsteps_per_scene: 10\nsteps_per_frame: 5\npre_animation_steps: 0\n");
        Assert.Equal((PyttiApp.ExitOk, "ok.pytti.yaml: ok (2 scenes, 20 steps, 4 frames)\n"), Run("check", "ok.pytti.yaml"));
    }

    [Fact]
    public void All_errors_of_all_files_are_printed()
    {
        Write("ok.pytti.yaml", "scenes: a\n");
        Write("bad.pytti.yaml", "scenes: 'a:1:2:3'\nsteps_per_scene: 0\nimage_model: Unrestricted Palette\n");
        var (exit, output) = Run("check", "bad.pytti.yaml", "ok.pytti.yaml", "missing.pytti.yaml");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Equal(
            "bad.pytti.yaml(1,15): error PYTTI023: a prompt has at most two ':' separators (text:weight:stop); put ':' in text inside [brackets]\n" +
            "bad.pytti.yaml(2,18): error PYTTI010: 'steps_per_scene' must be a whole number >= 1, not '0'\n" +
            "bad.pytti.yaml(3,14): error PYTTI011: 'image_model' must be one of: 'Unlimited Palette', 'Limited Palette', 'VQGAN', not 'Unrestricted Palette'; did you mean 'Unlimited Palette'?\n" +
            "ok.pytti.yaml: ok (1 scenes, 100 steps, 1 frames)\n" +
            "missing.pytti.yaml: error PYTTI002: scene file 'missing.pytti.yaml' does not exist\n" +
            "2 of 3 file(s) have errors.\n",
            output);
    }

    [Fact]
    public void Expression_errors_over_the_plan_are_found()
    {
        Write("s.pytti.yaml", "scenes: 'a:log(t)'\nsteps_per_scene: 10\nsteps_per_frame: 5\npre_animation_steps: 0\n");
        var (exit, output) = Run("check", "s.pytti.yaml");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.StartsWith("s.pytti.yaml(1,12): error PYTTI034: weight 'log(t)' at t=0: math domain error in log()\n", output);
    }

    [Fact]
    public void Overrides_apply_to_every_file()
    {
        Write("bad.pytti.yaml", "scenes: a\ncutouts: many\n");
        Assert.Equal(PyttiApp.ExitOk, Run("check", "bad.pytti.yaml", "--set", "cutouts=8").Exit);
    }

    [Fact]
    public void No_file_is_a_usage_error() => Assert.Equal(PyttiApp.ExitUsage, Run("check").Exit);
}
