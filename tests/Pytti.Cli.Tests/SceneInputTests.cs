using System.Text;
using Pytti.Cli;

namespace Pytti.Cli.Tests;

/// <summary>Scene files must be UTF-8 (or UTF-16 with a BOM) and of sensible size: anything else is a located error, never a silent guess.</summary>
public sealed class SceneInputTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-input-");

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, string Out) Check(byte[] content)
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "s.pytti.yaml"), content);
        var output = new StringWriter();
        var exit = PyttiApp.Run(["check", "s.pytti.yaml"], CliEnvironment.Capture(output, new StringWriter(), _dir.FullName));
        return (exit, output.ToString());
    }

    [Fact]
    public void A_latin1_scene_file_is_a_located_error()
    {
        var (exit, output) = Check(Encoding.Latin1.GetBytes("steps_per_scene: 10\nscenes: un caf\u00e9 au soleil\n"));
        Assert.Equal(1, exit);
        Assert.Contains("s.pytti.yaml(2,15): error PYTTI041: scene file 's.pytti.yaml' is not UTF-8: byte 0xE9 at offset 34 cannot be decoded. Save the file as UTF-8\n", output.Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    public void Utf8_and_utf16_with_a_bom_are_read(string encoding)
    {
        const string Yaml = "scenes: un caf\u00e9 au soleil\nsteps_per_scene: 10\nsteps_per_frame: 10\npre_animation_steps: 0\n";
        var bytes = encoding switch
        {
            "utf-8" => new UTF8Encoding(false).GetBytes(Yaml),
            "utf-8-bom" => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Yaml)],
            "utf-16le-bom" => [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(Yaml)],
            _ => [.. Encoding.BigEndianUnicode.Preamble, .. Encoding.BigEndianUnicode.GetBytes(Yaml)],
        };
        Assert.Equal((0, "s.pytti.yaml: ok (1 scenes, 10 steps, 1 frames)\n"), Check(bytes) with { Out = Check(bytes).Out.Replace("\r\n", "\n") });
    }

    [Fact]
    public void A_scene_file_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        var (exit, output) = Check(Encoding.UTF8.GetBytes("scenes: " + new string('a', 2 << 20) + "\n"));
        Assert.Equal(1, exit);
        Assert.Contains("s.pytti.yaml: error PYTTI042: scene file 's.pytti.yaml' is 2,097,161 bytes; scene files are limited to 1,048,576 bytes.", output);
    }
}
