using System.IO.Compression;

namespace Pytti.Models.Store;

public sealed partial class ModelStore
{
    /// <summary>
    /// The path of the verified file for <paramref name="source"/>: the file in the store when its
    /// SHA-256 matches, else downloaded (resuming a <c>.partial</c>), verified and renamed into place.
    /// A file in the store with the wrong digest is moved aside to <c>.corrupt</c> first. For a member of an
    /// archive the archive is downloaded the same way (into the <c>.partial</c> file), the member extracted,
    /// verified and placed, and the archive deleted: only the member's digest is checked.
    /// </summary>
    /// <exception cref="ModelUnavailableException">offline, host unreachable, HTTP error, download cut too often, archive without the member.</exception>
    /// <exception cref="ModelDigestMismatchException">the downloaded (or extracted) file hashed to something else.</exception>
    public async Task<string> EnsureAsync(ModelSource source, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var path = PathFor(source);
        if (await IsInPlaceAsync(source, path, progress, cancellationToken).ConfigureAwait(false)) return path;
        if (Options.Offline) throw new ModelUnavailableException(source, path, "offline mode is on");
        CreateFolderFor(path);
        using var held = await StoreFileLock.AcquireAsync(path, () => ReportWaiting(source, progress), cancellationToken).ConfigureAwait(false);
        if (await IsInPlaceAsync(source, path, progress, cancellationToken).ConfigureAwait(false)) return path; // fetched by the holder we waited for
        await DownloadAsync(source, path, progress, cancellationToken).ConfigureAwait(false);
        var candidate = source.IsArchiveMember
            ? await ExtractMemberAsync(source, path, progress, cancellationToken).ConfigureAwait(false)
            : PartialPathFor(source);
        await PlaceVerifiedAsync(source, candidate, path, progress, cancellationToken).ConfigureAwait(false);
        return path;
    }

    private async Task<bool> IsInPlaceAsync(ModelSource source, string path, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken) =>
        File.Exists(path) && await IsExistingFileGoodAsync(source, path, progress, cancellationToken).ConfigureAwait(false);

    private static void ReportWaiting(ModelSource source, IProgress<DownloadProgress>? progress) =>
        progress?.Report(new DownloadProgress(source, DownloadStage.Waiting, 0, null, $"waiting for another process that is fetching {source.Name}"));

    private async Task<bool> IsExistingFileGoodAsync(ModelSource source, string path, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new DownloadProgress(source, DownloadStage.Verifying, 0, new FileInfo(path).Length));
        var digest = await VerificationSidecar.DigestAsync(path, cancellationToken).ConfigureAwait(false);
        if (digest == source.Sha256)
        {
            progress?.Report(new DownloadProgress(source, DownloadStage.Verified, new FileInfo(path).Length, new FileInfo(path).Length));
            return true;
        }
        var movedTo = MoveAside(source, path);
        var message = $"warning {ModelErrorCodes.CorruptFileMovedAside}: {path} has SHA-256 {digest}, expected {source.Sha256}; " +
                      $"moved aside to {movedTo} and fetching it again.";
        progress?.Report(new DownloadProgress(source, DownloadStage.Discarded, 0, null, message));
        return false;
    }

    /// <summary>
    /// Downloads from <see cref="ModelSource.Url"/>, or from the first of its mirrors that answers: a host that
    /// refuses or is unreachable passes the download to the next. The <c>.partial</c> file carries over (the digest decides).
    /// </summary>
    private async Task DownloadAsync(ModelSource source, string path, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var refusals = new List<string>();
        foreach (var url in source.Urls)
        {
            try
            {
                await DownloadFromAsync(source with { Url = url }, path, progress, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException e)
            {
                refusals.Add(e.StatusCode is { } status ? $"{url.Host} answered HTTP {(int)status} {status}" : $"cannot reach {url.Host} ({e.Message})");
                if (refusals.Count == source.Mirrors.Count + 1)
                    throw new ModelUnavailableException(source, path, string.Join("; ", refusals), e);
            }
        }
    }

    private async Task DownloadFromAsync(ModelSource source, string path, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await _downloader.DownloadAsync(source, PartialPathFor(source), progress, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            var partial = PartialPathFor(source);
            var reason = File.Exists(partial)
                ? $"the download failed ({e.Message}); running again resumes from {partial}"
                : $"the download failed ({e.Message})";
            throw new ModelUnavailableException(source, path, reason, e);
        }
    }

    /// <summary>
    /// Extracts the source's member from the downloaded archive into a file beside its store path (so the
    /// final rename stays atomic), then deletes the archive. An archive that is not a zip or lacks the
    /// member is deleted too: downloading it again would give the same bytes.
    /// </summary>
    private async Task<string> ExtractMemberAsync(ModelSource source, string path, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var archive = PartialPathFor(source);
        var extracted = path + ".extracting";
        progress?.Report(new DownloadProgress(source, DownloadStage.Verifying, 0, null,
            $"extracting {source.ArchiveMember} from {Path.GetFileName(source.Url.AbsolutePath)}"));
        try
        {
            await CopyMemberAsync(source, path, archive, extracted, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (File.Exists(extracted)) File.Delete(extracted);
            if (e is not (InvalidDataException or ModelUnavailableException)) throw; // cancelled, disk full: the archive stays for the next run
            File.Delete(archive);
            if (e is InvalidDataException)
                throw new ModelUnavailableException(source, path, $"{source.Url} did not give a readable zip archive ({e.Message})", e);
            throw;
        }
        File.Delete(archive);
        return extracted;
    }

    private static async Task CopyMemberAsync(ModelSource source, string path, string archive, string extracted, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var entry = FindMember(zip, source.ArchiveMember!) ?? throw MemberMissing(source, path, zip);
        await using var input = entry.Open();
        await using var output = new FileStream(extracted, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
    }

    private static ZipArchiveEntry? FindMember(ZipArchive zip, string member) =>
        zip.GetEntry(member) ?? zip.Entries.FirstOrDefault(e => e.FullName.Replace('\\', '/') == member);

    private static ModelUnavailableException MemberMissing(ModelSource source, string path, ZipArchive zip)
    {
        const int Shown = 10;
        var files = zip.Entries.Where(e => e.Name.Length > 0).Select(e => e.FullName).ToList();
        var listing = files.Count == 0 ? "no files"
            : string.Join(", ", files.Take(Shown)) + (files.Count > Shown ? $" and {files.Count - Shown} more" : "");
        return new ModelUnavailableException(source, path, $"the archive {source.Url} has no member {source.ArchiveMember} (it holds {listing})");
    }

    /// <summary>
    /// Hashes the fetched file (<paramref name="candidate"/>: the <c>.partial</c> download, or the extracted member)
    /// and renames it to <paramref name="path"/> when it matches; otherwise it goes to <c>.corrupt</c>, never to the store path.
    /// </summary>
    private async Task PlaceVerifiedAsync(ModelSource source, string candidate, string path, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new DownloadProgress(source, DownloadStage.Verifying, 0, new FileInfo(candidate).Length));
        var digest = await FileDigest.Sha256Async(candidate, cancellationToken).ConfigureAwait(false);
        if (digest != source.Sha256)
        {
            var movedTo = CorruptPathFor(source);
            File.Move(candidate, movedTo, overwrite: true);
            throw new ModelDigestMismatchException(source, digest, movedTo);
        }
        File.Move(candidate, path, overwrite: true);
        VerificationSidecar.Write(path, digest);
        var size = new FileInfo(path).Length;
        progress?.Report(new DownloadProgress(source, DownloadStage.Verified, size, size));
    }

    private string MoveAside(ModelSource source, string path)
    {
        var movedTo = CorruptPathFor(source);
        File.Move(path, movedTo, overwrite: true);
        VerificationSidecar.Delete(path);
        return movedTo;
    }

    private static void CreateFolderFor(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelStoreException(ModelErrorCodes.StoreWriteFailed,
                $"cannot create the model folder {folder}: {e.Message}. Choose another with models_parent_dir or {RootEnvironmentVariable}.", e);
        }
    }
}
