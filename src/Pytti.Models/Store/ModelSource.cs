namespace Pytti.Models.Store;

/// <summary>
/// Where a model file comes from and what it must hash to. <paramref name="Kind"/> names the store
/// folder (<c>clip</c>, <c>vqgan</c>, ...); <paramref name="Sha256"/> is lower-case hex.
/// <para>
/// Some projects publish their weights only inside an archive. Then <paramref name="Url"/> is the
/// archive's and <paramref name="ArchiveMember"/> the path of the file inside it; <paramref name="Sha256"/>
/// is still the digest of that member, the file actually used: the archive itself is never trusted
/// (its digest is often unknown, and the server may repack it).
/// </para>
/// </summary>
public sealed record ModelSource(string Name, string Kind, string FileName, Uri Url, string Sha256, string? License = null, string? ArchiveMember = null)
{
    public string Sha256 { get; } = IsSha256(Sha256)
        ? Sha256.ToLowerInvariant()
        : throw new ArgumentException($"'{Sha256}' is not a SHA-256 digest (64 hex digits).", nameof(Sha256));

    /// <summary>
    /// The pins file when <see cref="Sha256"/> is a digest the user pinned (<c>pytti models pin</c>) rather
    /// than one this build ships, so that a mismatch can say which digest to doubt; else null.
    /// </summary>
    public string? PinnedIn { get; init; }

    /// <summary>
    /// Other places that serve the same bytes, tried in order when <see cref="Url"/> (often an original host that
    /// is partly gone) answers with an error or not at all. The digest decides, not the host.
    /// </summary>
    public IReadOnlyList<Uri> Mirrors { get; init; } = [];

    /// <summary><see cref="Url"/>, then each of <see cref="Mirrors"/>.</summary>
    public IEnumerable<Uri> Urls => [Url, .. Mirrors];

    /// <summary>The file is a member of the archive at <see cref="Url"/>, not the download itself.</summary>
    public bool IsArchiveMember => ArchiveMember is not null;

    public static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);
}
