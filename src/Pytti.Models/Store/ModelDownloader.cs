namespace Pytti.Models.Store;

/// <summary>
/// Fetches a file into <c>.partial</c>, resuming after cuts: an attempt that received bytes and then
/// failed is followed by another (up to <see cref="ModelStoreOptions.MaxAttempts"/>); an attempt that
/// received nothing (refused, unreachable, HTTP error) ends the download at once.
/// </summary>
internal sealed class ModelDownloader(HttpClient http, ModelStoreOptions options)
{
    public async Task DownloadAsync(ModelSource source, string partialPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var download = new HttpResumableDownload(http, options.EffectiveStallTimeout);
            try
            {
                await download.RunAsync(source, partialPath, progress, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < options.MaxAttempts && IsResumable(e, download))
            {
                await Task.Delay(options.EffectiveRetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsResumable(Exception error, HttpResumableDownload attempt) =>
        error is IOException or HttpRequestException { StatusCode: null }
        && (attempt.Transferred > 0 || error is DownloadRestartException);
}
