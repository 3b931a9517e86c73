namespace Pytti.Models.Store;

public sealed partial class ModelStore
{
    /// <summary>
    /// The path of the verified file for <paramref name="source"/>: the file in the store when its
    /// SHA-256 matches, else downloaded (resuming a <c>.partial</c>), verified and renamed into place.
    /// A file in the store with the wrong digest is moved aside to <c>.corrupt</c> first.
    /// </summary>
    /// <exception cref="ModelUnavailableException">offline, host unreachable, HTTP error, download cut too often.</exception>
    /// <exception cref="ModelDigestMismatchException">the downloaded file hashed to something else.</exception>
    public async Task<string> EnsureAsync(ModelSource source, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var path = PathFor(source);
        if (await IsInPlaceAsync(source, path, progress, cancellationToken).ConfigureAwait(false)) return path;
        if (Options.Offline) throw new ModelUnavailableException(source, path, "offline mode is on");
        CreateFolderFor(path);
        using var held = await StoreFileLock.AcquireAsync(path, () => ReportWaiting(source, progress), cancellationToken).ConfigureAwait(false);
        if (await IsInPlaceAsync(source, path, progress, cancellationToken).ConfigureAwait(false)) return path; // fetched by the holder we waited for
        await DownloadAsync(source, path, progress, cancellationToken).ConfigureAwait(false);
        await PlaceVerifiedAsync(source, path, progress, cancellationToken).ConfigureAwait(false);
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

    private async Task DownloadAsync(ModelSource source, string path, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await _downloader.DownloadAsync(source, PartialPathFor(source), progress, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            var reason = e.StatusCode is { } status
                ? $"{source.Url.Host} answered HTTP {(int)status} {status}"
                : $"cannot reach {source.Url.Host} ({e.Message})";
            throw new ModelUnavailableException(source, path, reason, e);
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

    private async Task PlaceVerifiedAsync(ModelSource source, string path, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var partial = PartialPathFor(source);
        progress?.Report(new DownloadProgress(source, DownloadStage.Verifying, 0, new FileInfo(partial).Length));
        var digest = await FileDigest.Sha256Async(partial, cancellationToken).ConfigureAwait(false);
        if (digest != source.Sha256)
        {
            var movedTo = CorruptPathFor(source);
            File.Move(partial, movedTo, overwrite: true);
            throw new ModelDigestMismatchException(source, digest, movedTo);
        }
        File.Move(partial, path, overwrite: true);
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
