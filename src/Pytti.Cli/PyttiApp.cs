using System.CommandLine;

namespace Pytti.Cli;

/// <summary>Builds the command tree and runs one invocation. Exit codes: 0 ok, 1 user error, 2 usage, 3 internal error.</summary>
public static class PyttiApp
{
    public const int ExitOk = 0;
    public const int ExitUserError = 1;
    public const int ExitUsage = 2;
    public const int ExitInternal = 3;

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
        new Commands.PlanCommand(),
        new Commands.CleanCommand(),
        new Commands.CacheCommand(),
    ];

    public static RootCommand BuildRoot(CliEnvironment env)
    {
        var root = new RootCommand("pytti: render PyTTI scenes as reproducible build outputs.");
        foreach (var command in Commands())
            root.Subcommands.Add(command.Build(env));
        return root;
    }

    public static int Run(string[] args, CliEnvironment env)
    {
        var root = BuildRoot(env);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                env.Error.WriteLine($"pytti: error: {error.Message}");
            env.Error.WriteLine("Run 'pytti --help' for usage.");
            return ExitUsage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Pytti.Scenes.Diagnostics.SceneException e)
        {
            Pytti.Cli.Commands.ScenesOptions.Write(env.Out, e.Diagnostics);
            env.Out.WriteLine($"{e.Diagnostics.Count} error(s) in the scene; nothing was done.");
            return ExitUserError;
        }
        catch (Exception e) when (UserErrors.Translate(e) is { } error)
        {
            env.Error.WriteLine($"pytti: error {error.Code}: {error.Message}");
            return ExitUserError;
        }
    }
}
