using System.Security.Cryptography;
using System.Text.Json;
using Pytti.Pipeline.Media;

namespace Pytti.Pipeline.Cache;

/// <summary>
/// SHA-256 of input files, remembered by (path, size, modification time) in <c>digests.json</c> so
/// large model files are hashed once. Touching a file re-hashes it but gives the same digest.
/// </summary>
public sealed class FileDigests(string root)
{
    private sealed record Entry(long Size, long Ticks, string Sha256);

    private readonly string _path = Path.Combine(root, "digests.json");
    private Dictionary<string, Entry>? _entries;
    private bool _dirty;

    public string Of(string file)
    {
        var full = Path.GetFullPath(file);
        var info = new FileInfo(full);
        if (!info.Exists) throw new FileNotFoundException($"{full}: input file not found.", full);
        _entries ??= Read();
        if (_entries.TryGetValue(full, out var e) && e is not null && e.Sha256 is not null && e.Size == info.Length && e.Ticks == info.LastWriteTimeUtc.Ticks)
            return e.Sha256;
        using var stream = File.OpenRead(full);
        var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        _entries[full] = new Entry(info.Length, info.LastWriteTimeUtc.Ticks, sha);
        _dirty = true;
        return sha;
    }

    /// <summary>Records the digests for next time; a cache that cannot be written only costs hashing again (the cache lock reports it).</summary>
    public void Save()
    {
        try
        {
            if (_dirty && _entries is not null) AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(_entries));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        _dirty = false;
    }

    private Dictionary<string, Entry> Read()
    {
        try
        {
            return File.Exists(_path) ? JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(_path)) ?? [] : [];
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return [];   // the digests are a shortcut: without them every file is hashed
        }
    }
}
