using System.Buffers.Binary;
using System.Numerics;

namespace Pytti.Torch.Serialization;

/// <summary>
/// Reads <c>torch.save</c> files from before PyTorch 1.6: pickles of the magic number, the protocol
/// version and sys info, the main pickle (storages as persistent ids), a pickled list of storage keys,
/// then for each key an int64 element count followed by the raw elements.
/// </summary>
internal static class TorchLegacyReader
{
    private const long ProtocolVersion = 1001;
    private static readonly BigInteger Magic = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>PROTO 2, LONG1 of 10 bytes, then the magic number little-endian.</summary>
    private static readonly byte[] Signature = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

    public static bool HasSignature(ReadOnlySpan<byte> head) => head.StartsWith(Signature);

    public static PickledCheckpoint Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        ReadHeader(file, path, out bool littleEndian);
        var sources = new Dictionary<string, FileRangeSource>();
        var storages = new StorageTable(path, !littleEndian, key => sources[key] = new FileRangeSource(path, -1, 0));
        object? root = new Unpickler(file, path, storages.Load).Load();
        var keys = new Unpickler(file, path).Load() as List<object?>
            ?? throw WeightFormatException.Corrupt(path, "the list of storage keys after the main pickle is missing");
        BindStorages(file, path, keys, storages, sources);
        return new PickledCheckpoint(path, WeightFormat.TorchLegacy, root);
    }

    private static void ReadHeader(FileStream file, string path, out bool littleEndian)
    {
        if (new Unpickler(file, path).Load() is not BigInteger magic || magic != Magic)
            throw new WeightFormatException(path, "the file starts with a pickle but not with torch.save's magic number", "Pass a file written by torch.save", WeightErrorCodes.UnsupportedFormat);
        if (new Unpickler(file, path).Load() is not ProtocolVersion)
            throw WeightFormatException.Unsupported(path, "the legacy torch.save protocol version is not 1001", "Load and re-save it with a recent PyTorch");
        var sysInfo = new Unpickler(file, path).Load() as PyDict;
        littleEndian = sysInfo is null || !sysInfo.TryGet("little_endian", out var flag) || flag is not false;
    }

    // The raw storages follow in the order of the key list: int64 count, then count elements.
    private static void BindStorages(FileStream file, string path, List<object?> keys, StorageTable storages, Dictionary<string, FileRangeSource> sources)
    {
        long position = file.Position;
        Span<byte> countBytes = stackalloc byte[8];
        foreach (var key in keys.Select(k => k as string ?? throw WeightFormatException.Corrupt(path, "a storage key is not a string")))
        {
            if (!storages.ByKey.TryGetValue(key, out var storage))
                throw WeightFormatException.Corrupt(path, $"storage '{key}' is listed but no tensor uses it, so its element size is unknown");
            if (position + 8 > file.Length)
                throw WeightFormatException.Corrupt(path, $"the file ends before storage '{key}'");
            RandomAccess.Read(file.SafeFileHandle, countBytes, position);
            long count = storage.BigEndian ? BinaryPrimitives.ReadInt64BigEndian(countBytes) : BinaryPrimitives.ReadInt64LittleEndian(countBytes);
            // Compared as distances: a claimed count of 2^62 must not wrap the byte length around to something that fits.
            bool fits = count >= 0 && count <= (file.Length - position - 8) / storage.DType.ElementSize();
            if (count != storage.NumElements || !fits)
                throw WeightFormatException.Corrupt(path, $"storage '{key}' should hold {storage.NumElements} elements but the file has {count} (or fewer bytes)");
            long length = count * storage.DType.ElementSize();
            sources[key].Start = position + 8;
            sources[key].Length = length;
            position += 8 + length;
        }
    }
}
