using System.Globalization;

namespace Pytti.Models.Store;

/// <summary>
/// Remembers the SHA-256 of a store file in <c>&lt;file&gt;.sha256</c> together with the size and
/// modification time it had when hashed, so that listing and loading do not re-hash gigabytes.
/// A file whose size or time changed is hashed again.
/// </summary>
internal static class VerificationSidecar
{
    public static string PathFor(string file) => file + ".sha256";

    /// <summary>The recorded digest if the file is unchanged since it was recorded, else null.</summary>
    public static string? TryRead(string file)
    {
        var sidecar = PathFor(file);
        if (!File.Exists(sidecar) || !File.Exists(file)) return null;
        try
        {
            var parts = File.ReadAllText(sidecar).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 3 && ModelSource.IsSha256(parts[0]) && parts[1] == Stamp(file).Size && parts[2] == Stamp(file).Time
                ? parts[0]
                : null;
        }
        catch (IOException) { return null; }
    }

    public static void Write(string file, string sha256)
    {
        var (size, time) = Stamp(file);
        AtomicFile.WriteAllText(PathFor(file), $"{sha256} {size} {time}\n");
    }

    public static void Delete(string file)
    {
        if (File.Exists(PathFor(file))) File.Delete(PathFor(file));
    }

    /// <summary>The digest from the sidecar when fresh, else computed now and recorded.</summary>
    public static async Task<string> DigestAsync(string file, CancellationToken cancellationToken)
    {
        var known = TryRead(file);
        if (known is not null) return known;
        var digest = await FileDigest.Sha256Async(file, cancellationToken).ConfigureAwait(false);
        TryWrite(file, digest);
        return digest;
    }

    private static void TryWrite(string file, string sha256)
    {
        try { Write(file, sha256); }
        catch (IOException) { } // a read-only store still works, it just hashes again next time
        catch (UnauthorizedAccessException) { }
    }

    private static (string Size, string Time) Stamp(string file)
    {
        var info = new FileInfo(file);
        return (info.Length.ToString(CultureInfo.InvariantCulture),
                info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture));
    }
}
