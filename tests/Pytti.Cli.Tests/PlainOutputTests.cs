using System.Diagnostics;

namespace Pytti.Cli.Tests;

/// <summary>
/// The <c>pytti</c> process writes no ANSI escape sequence into redirected output, under <c>NO_COLOR</c> in a terminal, or
/// with <c>--json</c>; in a terminal without <c>NO_COLOR</c> it does style its tables (the control that shows the terminal
/// is one). The terminal is a pseudo-terminal from util-linux <c>script</c>, with <c>TERM=xterm-256color</c> so that
/// Spectre.Console would use colours if allowed.
/// </summary>
public sealed class PlainOutputTests : IDisposable
{
    private const string Escape = "\u001b[";

    /// <summary>
    /// What .NET's System.Console itself writes to a terminal when it first writes there (terminfo's keypad-transmit mode,
    /// for reading keys), before pytti writes anything: a terminal mode, not colour or style, and outside pytti's control.
    /// </summary>
    private const string RuntimeKeypadMode = "\u001b[?1h\u001b=";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-plain-");
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "pytti.dll");

    public PlainOutputTests()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "s.pytti.yaml"), "scenes: a cat || a dog\nwidth: 16\nheight: 16\nanimation_mode: 2D\nsteps_per_scene: 2\nsteps_per_frame: 1\n");
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "store"));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    public static TheoryData<string> Commands() => new()
    {
        "plan s.pytti.yaml",
        "explain s.pytti.yaml",
        "models list --models-dir store",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Redirected_output_has_no_escape_sequences(string command)
    {
        var output = Run(command, terminal: false, noColor: false);
        Assert.DoesNotContain(Escape, output, StringComparison.Ordinal);   // ordinal: a culture comparison ignores control characters
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void No_color_in_a_terminal_gives_no_escape_sequences(string command) =>
        Assert.DoesNotContain(Escape, Run(command, terminal: true, noColor: true).Replace(RuntimeKeypadMode, "", StringComparison.Ordinal), StringComparison.Ordinal);

    [Theory]
    [InlineData("plan s.pytti.yaml --json")]
    [InlineData("explain s.pytti.yaml --json")]
    [InlineData("models list --models-dir store --json")]
    public void Json_in_a_terminal_has_no_escape_sequences(string command) =>
        Assert.DoesNotContain(Escape, Run(command, terminal: true, noColor: false).Replace(RuntimeKeypadMode, "", StringComparison.Ordinal), StringComparison.Ordinal);

    [Fact]
    public void Redirected_tables_keep_long_names_on_one_line()
    {
        var output = Run("models list --models-dir store", terminal: false, noColor: false);
        Assert.Contains(output.Split('\n'), line => line.Contains("ViT-B-32--laion2b_s34b_b79k", StringComparison.Ordinal));
    }

    [Fact]
    public void A_terminal_without_no_color_gets_styled_tables()
    {
        var output = Run("plan s.pytti.yaml", terminal: true, noColor: false);
        Assert.Contains("\u001b[1m", output, StringComparison.Ordinal);   // the scene's name in bold
    }

    /// <summary>Standard output of <c>pytti COMMAND</c> in the test folder: into a pipe, or into a pseudo-terminal.</summary>
    private string Run(string command, bool terminal, bool noColor)
    {
        var pytti = $"dotnet {Cli} {command}";
        var info = terminal
            ? new ProcessStartInfo("script", ["-qec", pytti + " < /dev/null", "/dev/null"])
            : new ProcessStartInfo("sh", ["-c", pytti]);
        info.RedirectStandardOutput = info.RedirectStandardError = info.RedirectStandardInput = true;
        info.WorkingDirectory = _dir.FullName;
        info.Environment["TERM"] = "xterm-256color";
        info.Environment.Remove("NO_COLOR");
        if (noColor) info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "pytti did not finish");
        Assert.True(process.ExitCode == 0, $"{command}: {output}{error.GetAwaiter().GetResult()}");
        Assert.NotEmpty(output.Trim());
        return output;
    }
}
