namespace Pytti.Torch.Serialization;

/// <summary>
/// Reads <c>torch.save</c> zips (PyTorch 1.6+), Lightning checkpoints and TorchScript archives: a
/// folder <c>archive/</c> with <c>data.pkl</c> whose persistent ids
/// <c>('storage', torch.FloatStorage, key, location, numel)</c> name the entries <c>archive/data/key</c>.
/// </summary>
internal static class TorchZipReader
{
    public static PickledCheckpoint Read(string path)
    {
        var zip = ZipDirectory.Read(path);
        var dataPickle = FindDataPickle(zip);
        string root = dataPickle.Name[..^"data.pkl".Length];
        var storages = new StorageTable(path, BigEndian(zip, root), key => OpenStorage(zip, root, key));
        using var stream = new MemoryStream(zip.ReadAll(dataPickle));
        object? value = new Unpickler(stream, path, storages.Load).Load();
        var format = FormatOf(zip, root, value);
        return new PickledCheckpoint(path, format, value)
        {
            Declarations = format == WeightFormat.TorchScript ? TorchScriptDeclarations.Read(zip, root) : TorchScriptDeclarations.None,
        };
    }

    private static ZipEntryInfo FindDataPickle(ZipDirectory zip)
    {
        var candidates = zip.Entries
            .Where(e => e.Name == "data.pkl" || e.Name.EndsWith("/data.pkl", StringComparison.Ordinal))
            .OrderBy(e => e.Name.Count(c => c == '/'))
            .ToList();
        if (candidates.Count > 0) return candidates[0];
        if (zip.Entries.Any(e => e.Name.EndsWith("model.json", StringComparison.Ordinal)))
            throw WeightFormatException.Unsupported(zip.Path, "this is a TorchScript archive in the pre-1.4 JSON layout", "Load it in PyTorch and save it again with torch.jit.save, or export a state dict");
        throw new WeightFormatException(zip.Path, "the zip holds no data.pkl, so it is not a PyTorch checkpoint",
            "Pass a file written by torch.save, torch.jit.save or safetensors", WeightErrorCodes.UnsupportedFormat);
    }

    private static bool BigEndian(ZipDirectory zip, string root)
    {
        if (zip.Find(root + "byteorder") is not { } entry) return false;
        string order = System.Text.Encoding.ASCII.GetString(zip.ReadAll(entry)).Trim();
        return order switch
        {
            "little" => false,
            "big" => true,
            _ => throw WeightFormatException.Corrupt(zip.Path, $"the byteorder entry says '{order}'"),
        };
    }

    private static IByteSource OpenStorage(ZipDirectory zip, string root, string key) =>
        zip.Find(root + "data/" + key) is { } entry
            ? zip.Open(entry)
            : throw WeightFormatException.Corrupt(zip.Path, $"the storage entry '{root}data/{key}' is missing from the zip");

    private static WeightFormat FormatOf(ZipDirectory zip, string root, object? value)
    {
        if (zip.Find(root + "constants.pkl") is not null || zip.Entries.Any(e => e.Name.StartsWith(root + "code/", StringComparison.Ordinal)))
            return WeightFormat.TorchScript;
        return value is PyDict dict && dict.TryGet(StateDictBuilder.DefaultKey, out var inner) && inner is PyDict
            ? WeightFormat.LightningCheckpoint
            : WeightFormat.TorchZip;
    }
}
