using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;

namespace Pytti.Pipeline.Cache;

/// <summary>
/// An exclusive lock on a cache folder (an OS file lock on <c>.lock</c>), so two builds sharing a cache never
/// interleave their writes. The holder writes who it is (pid, host, what it does, since when) to <c>.lock.owner</c>, which also proves the folder
/// writable; a waiter says whom it waits for, up to <c>timeout</c>. A cache that cannot be used (read-only,
/// a folder where the lock file belongs) is an immediate error, never a wait.
/// </summary>
public sealed class CacheLock : IDisposable
{
    private readonly FileStream _stream;

    private CacheLock(FileStream stream) => _stream = stream;

    public static CacheLock Acquire(string root, TimeSpan timeout, string holder = "pytti", Action<string>? waiting = null)
    {
        var path = Path.Combine(Prepare(root), ".lock");
        var deadline = DateTime.UtcNow + timeout;
        var announced = false;
        while (true)
        {
            try
            {
                return Claim(root, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), holder);
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                if (DateTime.UtcNow >= deadline)
                    throw new RenderException(PipelineErrorCodes.CacheBusy,
                        $"{path}: the cache is still in use by {Owner(root)} after {timeout.TotalMinutes:0.#} minute(s); wait for it to finish, or pass another --cache folder.", e);
                if (!announced) waiting?.Invoke($"waiting for the cache {root}, in use by {Owner(root)}");
                announced = true;
                Thread.Sleep(200);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Unusable(root, e);
            }
        }
    }

    /// <summary>The cache folder, created if needed; a folder standing where the lock file belongs is refused.</summary>
    private static string Prepare(string root)
    {
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unusable(root, e);
        }
        var path = Path.Combine(root, ".lock");
        if (Directory.Exists(path)) throw Unusable(root, new IOException($"{path} is a folder where the cache keeps its lock file; remove it"));
        return root;
    }

    private static CacheLock Claim(string root, FileStream stream, string holder)
    {
        try
        {
            AtomicFile.WriteAllText(OwnerPath(root), $"pid {Environment.ProcessId} on {Environment.MachineName} ({holder}) since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
            return new CacheLock(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Who holds the lock, as its holder wrote it.</summary>
    private static string Owner(string root)
    {
        try
        {
            return File.ReadAllText(OwnerPath(root)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    private static string OwnerPath(string root) => Path.Combine(root, ".lock.owner");

    /// <summary>The OS refused the lock because another handle holds it (EWOULDBLOCK on Linux and macOS, a sharing violation on Windows).</summary>
    private static bool IsHeldElsewhere(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020);

    private static RenderException Unusable(string root, Exception e) =>
        new(PipelineErrorCodes.Cache, $"{root}: the frame cache cannot be used: {e.Message.TrimEnd('.')}. Make the folder writable, or pass another --cache folder.", e);

    public void Dispose() => _stream.Dispose();
}
