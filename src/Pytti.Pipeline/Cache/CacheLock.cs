namespace Pytti.Pipeline.Cache;

/// <summary>
/// An exclusive lock on a cache folder (an OS file lock on <c>.lock</c>), so two builds sharing a
/// cache never interleave their writes. Waits up to <paramref name="timeout"/> for another holder.
/// </summary>
public sealed class CacheLock : IDisposable
{
    private readonly FileStream _stream;

    private CacheLock(FileStream stream) => _stream = stream;

    public static CacheLock Acquire(string root, TimeSpan timeout)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, ".lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new CacheLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
            catch (IOException e)
            {
                throw new IOException($"the cache {root} is in use by another render (lock file {path}); wait for it to finish, or use another cache folder.", e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
