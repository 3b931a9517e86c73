namespace Pytti.Torch.Serialization;

/// <summary>
/// Resolves the persistent ids of a PyTorch pickle to <see cref="TensorStorage"/>s, one per key, so that
/// tensors viewing the same storage share it. Ids are <c>('storage', type, key, location, numel[, view])</c>.
/// </summary>
internal sealed class StorageTable(string path, bool bigEndian, Func<string, IByteSource> open)
{
    private readonly Dictionary<string, TensorStorage> _byKey = [];

    public IReadOnlyDictionary<string, TensorStorage> ByKey => _byKey;

    public object? Load(PyTuple id)
    {
        if (id.Count < 5 || id[0] is not "storage")
            return new PyObject("persistent_id", id.Items);
        if (id[1] is not TorchStorageType type)
            throw WeightFormatException.Unsupported(path, $"a storage has the type {PyRepr.Of(id[1])}", "Only real-valued and bool storages are supported; convert complex or quantized tensors first");
        string key = id[2] as string ?? throw WeightFormatException.Corrupt(path, "a storage key is not a string");
        long count = id[4] is long n ? n : throw WeightFormatException.Corrupt(path, $"storage '{key}' has no element count");
        var storage = GetOrCreate(key, type.DType, count);
        return id.Count > 5 && id[5] is PyTuple view ? Slice(storage, view) : storage;
    }

    private TensorStorage GetOrCreate(string key, DType dtype, long count)
    {
        if (_byKey.TryGetValue(key, out var existing)) return existing;
        var storage = new TensorStorage(key, dtype, count, open(key), bigEndian);
        _byKey[key] = storage;
        return storage;
    }

    // Legacy view storages: (view_key, offset, size) inside the root storage.
    private TensorStorage Slice(TensorStorage root, PyTuple view)
    {
        if (view.Count < 3 || view[0] is not string key || view[1] is not long offset || view[2] is not long size || offset < 0 || size < 0 || offset > root.NumElements || size > root.NumElements - offset)
            throw WeightFormatException.Corrupt(path, $"a storage view {view} does not fit its storage '{root.Key}'");
        return root.Slice(key, offset, size);
    }
}
