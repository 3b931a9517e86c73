using System.CommandLine;

namespace Pytti.Cli;

/// <summary>One verb of the <c>pytti</c> tool. Each lives in its own file under <c>Commands/</c>.</summary>
internal interface ICliCommand
{
    Command Build(CliEnvironment env);
}
