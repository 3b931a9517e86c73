using System.Globalization;

namespace Pytti.Models.Store;

/// <summary>
/// Remembers the SHA-256 of a store file in <c>&lt;file&gt;.sha256</c> together with its
/// <see cref="FileIdentity"/> when hashed (size, mtime, inode, ctime), so that listing and loading do not
/// re-hash gigabytes. A file whose identity differs in any field is hashed again: a file rewritten in place
/// with its size and mtime restored is caught by its ctime.
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
            var text = File.ReadAllText(sidecar).Trim();
            var space = text.IndexOf(' ');
            return space > 0 && ModelSource.IsSha256(text[..space]) && text[(space + 1)..] == FileIdentity.Of(file) ? text[..space] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public static void Write(string file, string sha256)
    {
        AtomicFile.WriteAllText(PathFor(file), $"{sha256} {FileIdentity.Of(file)}\n");
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
}
