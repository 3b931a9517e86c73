namespace Pytti.Models.Store;

/// <summary>
/// An exclusive lock on <c>&lt;file&gt;.lock</c> so that two processes (parallel builds) needing the
/// same model download it once: the second waits, then finds the file in place. The lock is held by
/// an open handle, so a process that dies releases it; the small lock file itself stays.
/// </summary>
internal static class StoreFileLock
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task<IDisposable> AcquireAsync(string file, Action onWait, CancellationToken cancellationToken)
    {
        var waited = false;
        while (true)
        {
            if (TryOpen(file + ".lock") is { } handle) return handle;
            if (!waited) onWait();
            waited = true;
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static FileStream? TryOpen(string lockPath)
    {
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            return null; // held by another download
        }
    }
}
