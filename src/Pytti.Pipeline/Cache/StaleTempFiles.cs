using System.Diagnostics;
using Pytti.Pipeline.Media;

namespace Pytti.Pipeline.Cache;

/// <summary>
/// Removes the temporary files of writes that never finished (a render killed mid-write) from the cache and an
/// output folder. A temporary file names the process that writes it (<see cref="AtomicFile.TempPath"/>); only
/// those of processes no longer running are removed, so a live render's writes are never touched.
/// </summary>
public static class StaleTempFiles
{
    public static int Remove(params string[] folders)
    {
        var removed = 0;
        foreach (var folder in folders.Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(folder, ".*", SearchOption.AllDirectories))
                if (AtomicFile.WriterOf(file) is { } pid && !IsRunning(pid) && TryDelete(file)) removed++;
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static bool TryDelete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
