using System.CommandLine;

namespace Pytti.Cli;

/// <summary>Builds the command tree and runs one invocation. Exit codes: 0 ok, 1 any error (see <see cref="ErrorReport"/>), 2 usage.</summary>
public static class PyttiApp
{
    public const int ExitOk = 0;
    public const int ExitUserError = 1;
    public const int ExitUsage = 2;

    /// <summary><c>--verbose</c>, on every command: a failure also prints its stack trace.</summary>
    internal static readonly Option<bool> Verbose = new("--verbose") { Description = "On failure, also print the stack trace.", Recursive = true };

    private static IEnumerable<ICliCommand> Commands() =>
    [
        new Commands.WeightsCommand(),
        new Commands.ModelsCommand(),
        new Commands.ExplainCommand(),
        new Commands.CheckCommand(),
        new Commands.ScoreCommand(),
        new Commands.DepthCommand(),
        new Commands.FlowCommand(),
        new Commands.RenderCommand(),
        new Commands.WatchCommand(),
        new Commands.PlanCommand(),
        new Commands.CleanCommand(),
        new Commands.CacheCommand(),
    ];

    public static RootCommand BuildRoot(CliEnvironment env)
    {
        var root = new RootCommand("pytti: render PyTTI scenes as reproducible build outputs.");
        foreach (var command in Commands())
            root.Subcommands.Add(command.Build(env));
        root.Options.Add(Verbose);
        return root;
    }

    public static int Run(string[] args, CliEnvironment env)
    {
        ParseResult? parse = null;
        try
        {
            parse = BuildRoot(env).Parse(args);
            if (parse.Errors.Count > 0) return Usage(env, parse);
            return parse.Invoke(new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return ErrorReport.Write(env, e, parse?.GetValue(Verbose) ?? args.Contains(Verbose.Name));
        }
    }

    private static int Usage(CliEnvironment env, ParseResult parse)
    {
        foreach (var error in parse.Errors)
            env.Error.WriteLine($"pytti: error: {error.Message}");
        env.Error.WriteLine("Run 'pytti --help' for usage.");
        return ExitUsage;
    }
}
