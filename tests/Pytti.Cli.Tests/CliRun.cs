using Pytti.Cli;

namespace Pytti.Cli.Tests;

/// <summary>Runs <c>pytti</c> in process with its output captured, as the CLI tests all do.</summary>
internal static class CliRun
{
    /// <summary>The exit code and what was written to standard output and error, run in <paramref name="workingDirectory"/> (default: the process's).</summary>
    public static (int Exit, string Out, string Error) Run(string? workingDirectory, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = PyttiApp.Run(args, CliEnvironment.Capture(output, error, workingDirectory));
        return (exit, output.ToString(), error.ToString());
    }
}
