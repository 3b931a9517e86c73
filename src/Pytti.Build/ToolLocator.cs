using System.Text.Json;

namespace Pytti.Build;

/// <summary>
/// Where the pytti tool is. <c>PyttiToolPath</c> may name an executable, a <c>pytti.dll</c> (run with the dotnet host
/// that runs this build), or a bare command name, found in this order: a local tool (a <c>dotnet-tools.json</c>
/// manifest in the project folder or above that lists <c>Pytti.Cli</c>: its <c>pytti.dll</c> in the NuGet package folder,
/// where <c>dotnet tool restore</c> puts it, run with the dotnet host), then on PATH, then in <c>~/.dotnet/tools</c> (where
/// <c>dotnet tool install -g Pytti.Cli</c> puts it). The local tool is run directly rather than through
/// <c>dotnet tool run</c>, which in the .NET 10.0.100–401 SDKs does not find restored RID-specific tool packages.
/// </summary>
internal sealed record ToolLocator(string Executable, string? Assembly, string? LocalManifest = null)
{
    /// <summary>The arguments that come before pytti's own: <c>exec pytti.dll</c>, or none.</summary>
    public IReadOnlyList<string> Prefix => Assembly is not null ? ["exec", Assembly] : [];

    public static ToolLocator? Find(string tool, Func<string, string?> environment, string? projectDirectory = null)
    {
        if (tool.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            return DotnetHost(environment) is { } host ? new ToolLocator(host, Path.GetFullPath(tool)) : null;
        if (Path.IsPathRooted(tool) || tool.Contains('/') || tool.Contains('\\'))
            return new ToolLocator(Path.GetFullPath(tool), null);
        if (tool == "pytti" && projectDirectory is not null && LocalToolManifest(projectDirectory) is { } local && DotnetHost(environment) is { } dotnet)
            return new ToolLocator(dotnet, LocalToolAssembly(local.Version, environment), local.Path);
        return OnPath(tool, environment) is { } found ? new ToolLocator(found, null) : null;
    }

    private static string? DotnetHost(Func<string, string?> environment) =>
        environment("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : OnPath("dotnet", environment);

    /// <summary>
    /// Where <c>dotnet tool restore</c> puts the manifest's Pytti.Cli: the RID package of this machine
    /// (<c>pytti.cli.&lt;rid&gt;/&lt;version&gt;/tools/net10.0/&lt;rid&gt;/pytti.dll</c>), else a framework-dependent one
    /// (<c>pytti.cli/&lt;version&gt;/tools/net10.0/any/pytti.dll</c>). The first is returned when neither exists yet, so
    /// the error can say what to restore.
    /// </summary>
    internal static string LocalToolAssembly(string version, Func<string, string?> environment)
    {
        var home = environment(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME") ?? "";
        var packages = environment("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(home, ".nuget", "packages");
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var specific = Path.Combine(packages, "pytti.cli." + rid, version, "tools", "net10.0", rid, "pytti.dll");
        var portable = Path.Combine(packages, "pytti.cli", version, "tools", "net10.0", "any", "pytti.dll");
        return File.Exists(specific) || !File.Exists(portable) ? specific : portable;
    }

    /// <summary>The nearest <c>.config/dotnet-tools.json</c> or <c>dotnet-tools.json</c> at or above the folder, if it lists Pytti.Cli.</summary>
    internal static (string Path, string Version)? LocalToolManifest(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, ".config", "dotnet-tools.json"), Path.Combine(dir.FullName, "dotnet-tools.json") })
            {
                if (!File.Exists(candidate)) continue;
                // dotnet tool run uses the nearest manifest that has the command; one without Pytti.Cli lets the search go on.
                if (PyttiVersion(candidate) is { } version) return (candidate, version);
            }
        }
        return null;
    }

    /// <summary>The version the manifest gives Pytti.Cli ("" when it gives none), or null when it does not list it.</summary>
    private static string? PyttiVersion(string manifest)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifest), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!doc.RootElement.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Object) return null;
            foreach (var tool in tools.EnumerateObject())
                if (tool.Name.Equals("pytti.cli", StringComparison.OrdinalIgnoreCase))
                    return tool.Value.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
            return null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;   // not a manifest dotnet could use either
        }
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
