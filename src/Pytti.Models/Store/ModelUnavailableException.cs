namespace Pytti.Models.Store;

/// <summary>
/// A model file is not in the store and cannot be fetched (offline, unreachable host, HTTP error, an
/// archive without the expected member). The message names the URL (and, for a file inside an archive,
/// the member to extract), the expected SHA-256 and the exact path where the file can be placed by hand.
/// </summary>
public sealed class ModelUnavailableException(ModelSource source, string expectedPath, string reason, Exception? inner = null)
    : ModelStoreException(ModelErrorCodes.ModelUnavailable, Describe(source, expectedPath, reason), inner)
{
    public ModelSource Model { get; } = source;
    public string ExpectedPath { get; } = expectedPath;
    public string Reason { get; } = reason;

    private static string Describe(ModelSource source, string path, string reason) =>
        $"""
        model '{source.Name}' ({source.Kind}) is not in the model store and cannot be downloaded: {reason}.
        {HowToFetch(source)}
          and place it at:  {path}
          Expected SHA-256: {source.Sha256}
        The file is verified against this digest before it is used.
        """;

    private static string HowToFetch(ModelSource source) => source.ArchiveMember is { } member
        ? $"""
            Download archive: {source.Url}
            extract member:   {member}
          """
        : $"  Download it from: {source.Url}" + string.Concat(source.Mirrors.Select(mirror => $"\n             or from: {mirror}"));
}
