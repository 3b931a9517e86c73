using System.IO.Compression;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>Writes a zip in torch.save's layout: <c>archive/data.pkl</c>, <c>archive/data/KEY</c>, <c>archive/version</c>.</summary>
internal static class TorchZipBuilder
{
    public static void Write(string path, byte[] dataPickle, IReadOnlyDictionary<string, byte[]> storages,
        CompressionLevel level = CompressionLevel.NoCompression, IReadOnlyDictionary<string, byte[]>? otherEntries = null)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Add(zip, "archive/data.pkl", dataPickle, level);
        foreach (var (key, bytes) in storages)
            Add(zip, "archive/data/" + key, bytes, level);
        foreach (var (name, bytes) in otherEntries ?? new Dictionary<string, byte[]>())
            Add(zip, "archive/" + name, bytes, level);
        Add(zip, "archive/version", "3\n"u8.ToArray(), level);
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes, CompressionLevel level)
    {
        using var stream = zip.CreateEntry(name, level).Open();
        stream.Write(bytes);
    }
}
