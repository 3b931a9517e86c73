namespace Pytti.Models.Store;

/// <summary>A downloaded (or extracted) file hashed to something else than expected; it was moved aside and not used.</summary>
public sealed class ModelDigestMismatchException(ModelSource source, string actualSha256, string movedTo)
    : ModelStoreException(ModelErrorCodes.DigestMismatch, Describe(source, actualSha256, movedTo))
{
    public ModelSource Model { get; } = source;
    public string ActualSha256 { get; } = actualSha256;
    public string MovedTo { get; } = movedTo;

    private static string Describe(ModelSource source, string actual, string movedTo) =>
        $"""
        the file {Origin(source)} for model '{source.Name}' has SHA-256 {actual}, expected {source.Sha256}.
        It was not used and was moved aside to {movedTo}. {WhatToDo(source)}
        """;

    private static string WhatToDo(ModelSource source) => source.PinnedIn is { } pins
        ? $"The expected digest is your pin in {pins}: if it is wrong, pin the right one with `pytti models pin {source.Name} <sha256>`; otherwise retry the download."
        : "Retry the download, or check the URL and digest.";

    private static string Origin(ModelSource source) => source.ArchiveMember is { } member
        ? $"{member} extracted from {source.Url}"
        : $"downloaded from {source.Url}";
}
