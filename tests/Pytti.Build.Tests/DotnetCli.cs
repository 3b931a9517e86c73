using System.Diagnostics;

namespace Pytti.Build.Tests;

/// <summary>
/// Runs the <c>dotnet</c> CLI as a child process the way a user's shell would: the test host's MSBuild variables
/// (it runs under <c>dotnet test</c>) are removed so that they do not steer the child, and no build node outlives it.
/// </summary>
internal static class DotnetCli
{
    public static (int ExitCode, string Output, TimeSpan Elapsed) Run(string directory, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, stdout + stderr.Result, clock.Elapsed);
    }
}
