using System.Net;
using System.Net.Http.Headers;

namespace Pytti.Models.Store;

/// <summary>
/// One HTTP GET of a URL into a <c>.partial</c> file, continuing after the bytes already there with
/// <c>Range: bytes=N-</c>. A server that ignores the range (200) or answers another range restarts
/// the file from zero. Throws <see cref="IOException"/> when the body ends early or stalls,
/// <see cref="HttpRequestException"/> on connection errors and error statuses.
/// </summary>
internal sealed class HttpResumableDownload(HttpClient http, TimeSpan stallTimeout)
{
    private const int BufferSize = 1 << 16;

    /// <summary>Bytes received from the network in this attempt.</summary>
    public long Transferred { get; private set; }

    public async Task RunAsync(ModelSource source, string partialPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var existing = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
        using var response = await SendAsync(source.Url, existing, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            if (response.Content.Headers.ContentRange?.Length == existing) return; // the partial file is already complete
            File.Delete(partialPath);
            throw new DownloadRestartException($"the server refused to resume at byte {existing}; starting again from zero");
        }
        response.EnsureSuccessStatusCode();
        var resumed = existing > 0 && response.StatusCode == HttpStatusCode.PartialContent
                      && response.Content.Headers.ContentRange?.From == existing;
        if (response.StatusCode == HttpStatusCode.PartialContent && !resumed)
        {
            File.Delete(partialPath);
            throw new DownloadRestartException($"the server answered a range other than bytes={existing}-; starting again from zero");
        }
        var start = resumed ? existing : 0;
        var total = response.Content.Headers.ContentLength is { } length ? start + length : (long?)null;
        await CopyBodyAsync(response, partialPath, start, total, source, progress, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, long existing, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("PyttiPipeline", "0.1"));
        if (existing > 0) request.Headers.Range = new RangeHeaderValue(existing, null);
        using var noAnswer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        noAnswer.CancelAfter(stallTimeout);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, noAnswer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"{url.Host} did not answer within {stallTimeout.TotalSeconds:0} s");
        }
    }

    private async Task CopyBodyAsync(HttpResponseMessage response, string partialPath, long start, long? total,
        ModelSource source, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var file = new FileStream(partialPath, start > 0 ? FileMode.Append : FileMode.Create,
            FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        var buffer = new byte[BufferSize];
        var done = start;
        var reporter = new ProgressThrottle(progress, source, total);
        reporter.Report(done);
        while (true)
        {
            var read = await ReadWithStallTimeoutAsync(body, buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            done += read;
            Transferred += read;
            reporter.Report(done);
        }
        reporter.Report(done, force: true);
        if (total is { } expected && done != expected)
            throw new IOException($"the connection closed after {done} of {expected} bytes");
    }

    private async Task<int> ReadWithStallTimeoutAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(stallTimeout);
        try
        {
            return await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"no data for {stallTimeout.TotalSeconds:0} s");
        }
    }
}
