using Pytti.Models.Store;

namespace Pytti.Cli.Commands;

/// <summary>
/// Where <c>--model</c> points for <c>pytti depth</c> and <c>pytti flow</c>: an existing file, or a registered name of the right kind,
/// fetched and verified through the store (a Depth Anything V2 name once its digest is pinned). An unpinned
/// name's error says where to read the digest, how to pin it, and that a path works with <c>--model</c>.
/// </summary>
internal static class DiagnosticModelPath
{
    /// <exception cref="ModelStoreException">PYTTI123/124 for an unknown name or missing file; PYTTI120/121 when the store cannot give a verified file.</exception>
    public static string Resolve(CliEnvironment env, string nameOrPath, string kind, ModelStore store)
    {
        var reference = ModelReference.Parse(nameOrPath, env.WorkingDirectory, kind);
        try
        {
            return reference.ResolveAsync(store).GetAwaiter().GetResult();
        }
        catch (ModelNeedsDigestException e)
        {
            throw new UserErrorException(e.Code, $"{e.Message.TrimEnd()} Pass it with --model.");
        }
    }
}
