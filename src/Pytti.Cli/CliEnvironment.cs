using Spectre.Console;

namespace Pytti.Cli;

/// <summary>
/// Everything a command writes to or reads from the outside world, injected so that tests can
/// run commands in-process and snapshot their output.
/// </summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, IAnsiConsole Console, string WorkingDirectory)
{
    /// <summary>The HTTP client model downloads of <c>pytti models fetch</c> go through; null for the store's own (tests route it to loopback).</summary>
    public HttpClient? ModelHttp { get; init; }

    public static CliEnvironment System() =>
        new(global::System.Console.Out, global::System.Console.Error,
            StandardOutput(Environment.GetEnvironmentVariable("NO_COLOR"), global::System.Console.IsOutputRedirected), Environment.CurrentDirectory);

    /// <summary>
    /// Spectre's console on standard output: plain text, with no ANSI escape sequence at all (no colour, no bold, no live
    /// progress bar), when <c>NO_COLOR</c> is set to anything but the empty string (no-color.org) or the output is redirected
    /// (a pipe, a file, a build log); else what the terminal supports.
    /// </summary>
    internal static IAnsiConsole StandardOutput(string? noColor, bool redirected)
    {
        var plain = redirected || !string.IsNullOrEmpty(noColor);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(global::System.Console.Out),
        });
        // A pipe or a log has no width; Spectre would assume 80 columns and wrap long names (model names, paths) across
        // lines, so that `pytti models list | grep NAME` missed them.
        if (redirected) console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>The width tables are laid out for when the output is redirected.</summary>
    internal const int RedirectedWidth = 240;

    /// <summary>An environment that records output in memory (no colours, fixed width).</summary>
    public static CliEnvironment Capture(StringWriter output, StringWriter error, string? workingDirectory = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 120;
        return new CliEnvironment(output, error, console, workingDirectory ?? Environment.CurrentDirectory);
    }
}
