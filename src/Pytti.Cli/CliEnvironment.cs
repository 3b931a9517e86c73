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
        new(global::System.Console.Out, global::System.Console.Error, AnsiConsole.Console, Environment.CurrentDirectory);

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
