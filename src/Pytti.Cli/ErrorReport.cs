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
            var (code, message) = Describe(thrown, verbose);
            env.Error.WriteLine($"pytti: error {code}: {OneLine(message)}");
        }
        if (verbose) env.Error.WriteLine(thrown.ToString());
        env.Error.Flush();
        return PyttiApp.ExitUserError;
    }

    /// <summary>The code and message a failure (other than a scene's diagnostics) is reported with; the render log records the same.</summary>
    internal static (string Code, string Message) Describe(Exception thrown, bool verbose = false)
    {
        var e = Unwrap(thrown);
        return NativeRuntime(thrown) ?? UserErrors.Translate(e) ?? Unexpected(e, verbose);
    }

    /// <summary>The exception that carries the story: wrappers from reflection, type initialisers and tasks are peeled off.</summary>
    internal static Exception Unwrap(Exception e) => e switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        TypeInitializationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException a when a.InnerExceptions.Count == 1 => Unwrap(a.InnerExceptions[0]),
        _ => e,
    };

    /// <summary>
    /// TorchSharp failing to load libtorch (a missing or foreign native library, an old C library) surfaces as its type
    /// initialiser's failure at the first tensor: said as what it is, with what to do, instead of as a bug.
    /// </summary>
    internal static (string Code, string Message)? NativeRuntime(Exception thrown)
    {
        for (var e = thrown; e is not null; e = e.InnerException)
        {
            var loadFailure = e is TypeInitializationException t && t.TypeName.StartsWith("TorchSharp", StringComparison.Ordinal)
                || e is DllNotFoundException && e.Message.Contains("torch", StringComparison.OrdinalIgnoreCase);
            if (!loadFailure) continue;
            var reason = Unwrap(e).Message.Split('\n', 2)[0].Trim();
            return (CliErrorCodes.LibTorchUnavailable,
                $"libtorch could not be loaded for {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}: {reason} " +
                "pytti carries TorchSharp's CPU libtorch for linux-x64, win-x64 and osx-arm64; reinstall the tool for this machine " +
                "(dotnet tool update --global Pytti.Cli), and on Linux make sure glibc is 2.28 or newer. Nothing was rendered.");
        }
        return null;
    }

    private static (string Code, string Message) Unexpected(Exception e, bool verbose) =>
        (CliErrorCodes.Unexpected, $"unexpected {e.GetType().Name}: {e.Message} This is a bug in pytti; nothing already rendered was lost. "
            + (verbose ? "Please report it with the stack trace below." : "Rerun with --verbose for the stack trace and report it."));

    /// <summary>A message on one line, so that build tools read it whole.</summary>
    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
