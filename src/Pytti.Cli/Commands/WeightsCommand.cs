using System.CommandLine;

namespace Pytti.Cli.Commands;

/// <summary><c>pytti weights inspect FILE [--json]</c> (being written; see issue 2).</summary>
internal sealed class WeightsCommand : ICliCommand
{
    public Command Build(CliEnvironment env)
    {
        var weights = new Command("weights", "Inspect model weight files.");
        return weights;
    }
}
