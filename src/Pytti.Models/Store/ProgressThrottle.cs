using System.Diagnostics;

namespace Pytti.Models.Store;

/// <summary>Forwards download progress at most every 100 ms (and always when forced), so a progress bar is not flooded.</summary>
internal sealed class ProgressThrottle(IProgress<DownloadProgress>? progress, ModelSource source, long? total)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last = -Interval;

    public void Report(long done, bool force = false)
    {
        if (progress is null) return;
        var now = _clock.Elapsed;
        if (!force && now - _last < Interval) return;
        _last = now;
        progress.Report(new DownloadProgress(source, DownloadStage.Downloading, done, total));
    }
}
