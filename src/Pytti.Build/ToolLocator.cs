namespace Pytti.Build;

/// <summary>
/// Where the pytti tool is: <c>PyttiToolPath</c> may name an executable, a <c>pytti.dll</c> (run with
/// the dotnet host that runs this build) or a bare command name looked up on PATH and in
/// <c>~/.dotnet/tools</c> (where <c>dotnet tool install -g Pytti.Cli</c> puts it).
/// </summary>
internal sealed record ToolLocator(string Executable, string? Assembly)
{
    public static ToolLocator? Find(string tool, Func<string, string?> environment)
    {
        if (tool.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            var host = environment("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : OnPath("dotnet", environment);
            return host is null ? null : new ToolLocator(host, Path.GetFullPath(tool));
        }
        if (Path.IsPathRooted(tool) || tool.Contains('/') || tool.Contains('\\'))
            return new ToolLocator(Path.GetFullPath(tool), null);
        return OnPath(tool, environment) is { } found ? new ToolLocator(found, null) : null;
    }

    private static string? OnPath(string name, Func<string, string?> environment)
    {
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd", name } : new[] { name };
        var home = environment(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME");
        var dirs = (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(home is { Length: > 0 } ? [Path.Combine(home, ".dotnet", "tools")] : []);
        foreach (var dir in dirs)
            foreach (var candidate in names)
            {
                var full = Path.Combine(dir, candidate);
                if (File.Exists(full)) return full;
            }
        return null;
    }
}
