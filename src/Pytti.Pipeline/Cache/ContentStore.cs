using System.Security.Cryptography;
using Pytti.Pipeline.Media;

namespace Pytti.Pipeline.Cache;

/// <summary>
/// Files stored by their SHA-256 under <c>objects/ab/abcdef…</c>. Objects are written atomically and
/// verified when read: one whose content no longer matches its name is deleted and reported missing.
/// </summary>
public sealed class ContentStore(string root)
{
    public string Root { get; } = root;

    public string PathOf(string sha256) => Path.Combine(Root, "objects", sha256[..2], sha256);

    public string Put(byte[] content)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var path = PathOf(sha);
        if (!TryGet(sha, out _)) AtomicFile.WriteAllBytes(path, content);   // a damaged object under this name is replaced
        return sha;
    }

    public string PutFile(string file) => Put(File.ReadAllBytes(file));

    /// <summary>The object's path if it exists and verifies; a damaged object is removed (where the cache can be written).</summary>
    public bool TryGet(string sha256, out string path)
    {
        path = PathOf(sha256);
        if (!File.Exists(path)) return false;
        try
        {
            using (var stream = File.OpenRead(path))
            {
                if (Convert.ToHexStringLower(SHA256.HashData(stream)) == sha256) return true;
            }
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // unreadable: as missing
        return false;
    }

    public IEnumerable<string> AllObjects() =>
        Directory.Exists(Path.Combine(Root, "objects"))
            ? Directory.EnumerateFiles(Path.Combine(Root, "objects"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>()
            : [];

    public void Delete(string sha256) => File.Delete(PathOf(sha256));
}
