namespace Pytti.Models.Store;

/// <summary>
/// A model file whose official URL and licence we know but whose SHA-256 this build does not ship (no
/// network was at hand to compute it). The store never uses a file it cannot verify, so such a file is
/// fetched only once the user has pinned its digest (<c>pytti models pin NAME SHA256</c>, recorded in the
/// store's <c>pins.json</c>); <see cref="WithDigest"/> then makes it an ordinary <see cref="ModelSource"/>.
/// <paramref name="DigestPage"/> is where the official digest can be read (a Hugging Face file page shows
/// it as the LFS "SHA256"), or null where nobody publishes one.
/// </summary>
/// <paramref name="ArchiveMember"/> is the file's path inside the archive at <paramref name="Url"/>, as for <see cref="ModelSource"/>.
public sealed record PinnableModel(string Name, string Kind, string FileName, Uri Url, Uri? DigestPage, string License, string? ArchiveMember = null)
{
    /// <summary>The command that pins this file's digest, with a placeholder for the digest.</summary>
    public string PinCommand => $"pytti models pin {Name} <sha256>";

    /// <summary>Where to read the digest, in words (for errors and listings).</summary>
    public string WhereToReadDigest => DigestPage is { } page
        ? $"its official SHA-256 is shown on {page} (the \"SHA256\" of the LFS file)"
        : $"no page publishes its SHA-256: hash a copy you trust (sha256sum) of {(ArchiveMember is { } member ? $"{member} inside {Url}" : Url)}";

    /// <summary>The file as a store source verified against <paramref name="sha256"/>, pinned in <paramref name="pinsFile"/>.</summary>
    public ModelSource WithDigest(string sha256, string pinsFile) =>
        new(Name, Kind, FileName, Url, sha256, License, ArchiveMember) { PinnedIn = pinsFile };
}

/// <summary>Every file that can be pinned: RAFT-things, and any VQGAN file without a shipped digest.</summary>
public static class PinnableModels
{
    public static IReadOnlyList<PinnableModel> All { get; } =
        [FlowModels.RaftThings, .. VqganModels.Names.Select(VqganModels.Find).SelectMany(files => files!.Pinnable())];

    /// <summary>By name, case-insensitive (<c>raft-things</c>; for a VQGAN, <c>name</c> is the checkpoint, <c>name.yaml</c> its config).</summary>
    public static PinnableModel? Find(string name) =>
        All.FirstOrDefault(model => string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase));
}
