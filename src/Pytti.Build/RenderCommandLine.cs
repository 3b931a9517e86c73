using Microsoft.Build.Utilities;

namespace Pytti.Build;

/// <summary>Options of a render that have a pytti option each; empty means pytti's default.</summary>
internal sealed record RenderOptions(string? ModelsDirectory = null, string? Device = null, string? CacheDirectory = null, bool Offline = false)
{
    /// <summary><c>--remote-cache</c> (credentials stay in the environment, which the tool inherits).</summary>
    public string? RemoteCache { get; init; }
    public bool RemoteCacheReadOnly { get; init; }
}

/// <summary>
/// The arguments of one render:
/// <c>[exec pytti.dll] render FILE --set k=v... --output DIR [--models-dir DIR] [--device D] [--cache DIR] [--remote-cache URL] [--remote-cache-read-only] [--offline] --json</c>.
/// </summary>
internal static class RenderCommandLine
{
    public static string Build(IReadOnlyList<string> prefix, string scene, IEnumerable<string> overrides, string outputDirectory, RenderOptions options)
    {
        var builder = new CommandLineBuilder();
        foreach (var argument in prefix)   // exec pytti.dll: a word, then a path quoted as one
        {
            if (argument.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) builder.AppendFileNameIfNotNull(argument);
            else builder.AppendSwitch(argument);
        }
        builder.AppendSwitch("render");
        builder.AppendFileNameIfNotNull(scene);
        foreach (var value in overrides)
            builder.AppendSwitchIfNotNull("--set ", value);
        builder.AppendSwitchIfNotNull("--output ", outputDirectory);
        AppendIfSet(builder, "--models-dir ", options.ModelsDirectory);
        AppendIfSet(builder, "--device ", options.Device);
        AppendIfSet(builder, "--cache ", options.CacheDirectory);
        AppendIfSet(builder, "--remote-cache ", options.RemoteCache);
        if (options.RemoteCacheReadOnly) builder.AppendSwitch("--remote-cache-read-only");   // also for PYTTI_REMOTE_CACHE
        if (options.Offline) builder.AppendSwitch("--offline");
        builder.AppendSwitch("--json");
        return builder.ToString();
    }

    private static void AppendIfSet(CommandLineBuilder builder, string option, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) builder.AppendSwitchIfNotNull(option, value);
    }
}
