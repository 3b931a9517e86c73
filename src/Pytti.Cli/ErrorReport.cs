using System.Reflection;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Cli;

/// <summary>
/// The CLI's one top-level guard: any exception that leaves a command becomes
/// <c>pytti: error PYTTInnn: message</c> (or the scene's located diagnostics) and exit code 1. The stack
/// trace is written only under <c>--verbose</c>; an exception nobody anticipated says so and asks for it.
/// </summary>
internal static class ErrorReport
{
    public static int Write(CliEnvironment env, Exception thrown, bool verbose)
    {
        var e = Unwrap(thrown);
        if (e is SceneException scene)
        {
            Commands.ScenesOptions.Write(env.Out, scene.Diagnostics);
            env.Out.WriteLine($"{scene.Diagnostics.Count} error(s) in the scene; nothing was done.");
        }
        else
        {
            var (code, message) = UserErrors.Translate(e) ?? Unexpected(e, verbose);
            env.Error.WriteLine($"pytti: error {code}: {OneLine(message)}");
        }
        if (verbose) env.Error.WriteLine(thrown.ToString());
        env.Error.Flush();
        return PyttiApp.ExitUserError;
    }

    /// <summary>The exception that carries the story: wrappers from reflection, type initialisers and tasks are peeled off.</summary>
    internal static Exception Unwrap(Exception e) => e switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        TypeInitializationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException a when a.InnerExceptions.Count == 1 => Unwrap(a.InnerExceptions[0]),
        _ => e,
    };

    private static (string Code, string Message) Unexpected(Exception e, bool verbose) =>
        (CliErrorCodes.Unexpected, $"unexpected {e.GetType().Name}: {e.Message} This is a bug in pytti; nothing already rendered was lost. "
            + (verbose ? "Please report it with the stack trace below." : "Rerun with --verbose for the stack trace and report it."));

    /// <summary>A message on one line, so that build tools read it whole.</summary>
    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
