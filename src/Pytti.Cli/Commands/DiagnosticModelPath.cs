using Pytti.Models.Store;

namespace Pytti.Cli.Commands;

/// <summary>
/// Where <c>--model</c> points for <c>pytti depth</c> and <c>pytti flow</c>: an existing file, or a registered
/// name of the right kind (fetched through the store). Without a registry entry the user downloads the
/// weights; the error says from where.
/// </summary>
internal static class DiagnosticModelPath
{
    public static string Resolve(CliEnvironment env, string? nameOrPath, string kind, string what, string download)
    {
        if (string.IsNullOrWhiteSpace(nameOrPath))
            throw new UserErrorException(ModelErrorCodes.ModelUnavailable,
                $"No {what} is registered yet: download {download} and pass its path with --model.");
        var path = Path.GetFullPath(nameOrPath, env.WorkingDirectory);
        if (File.Exists(path)) return path;
        if (ModelRegistry.Find(nameOrPath) is { } source && source.Kind == kind)
            return Fetch(source);
        var looksLikePath = nameOrPath.Contains('/') || nameOrPath.Contains('\\') || Path.HasExtension(nameOrPath);
        throw new UserErrorException(looksLikePath ? ModelErrorCodes.LocalModelMissing : ModelErrorCodes.UnknownModel,
            $"'{nameOrPath}' is neither a file nor a registered {what}. Download {download} and pass its path with --model.");
    }

    private static string Fetch(ModelSource source)
    {
        try
        {
            return new ModelStore(ModelStore.ResolveRoot(null)).EnsureAsync(source).GetAwaiter().GetResult();
        }
        catch (ModelStoreException e)
        {
            throw new UserErrorException(e.Code, e.Message);
        }
    }
}
