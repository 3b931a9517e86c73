using System.Buffers.Binary;
using System.Text.Json;

namespace Pytti.Torch.Serialization;

/// <summary>
/// Reads safetensors: an 8-byte little-endian header length N, N bytes of JSON
/// (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}</c>), then the
/// data; offsets are relative to the end of the header. Tensor bytes are read only when asked for.
/// </summary>
internal static class SafeTensorsReader
{
    private const long MaxHeaderBytes = 100L << 20;
    private const string MetadataKey = "__metadata__";

    public static StateDict Read(string path)
    {
        long fileLength = new FileInfo(path).Length;
        byte[] header = ReadHeader(path, fileLength);
        long dataStart = 8 + header.Length;
        using var json = Parse(path, header);
        var metadata = new Dictionary<string, string>();
        var tensors = new List<(long Begin, TensorRecord Tensor)>();
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (property.Name == MetadataKey) ReadMetadata(path, property.Value, metadata);
            else tensors.Add(ReadTensor(path, property, dataStart, fileLength));
        }
        return new StateDict(WeightFormat.SafeTensors, tensors.OrderBy(t => t.Begin).Select(t => t.Tensor), metadata);
    }

    /// <summary>Whether the first bytes look like a safetensors header (length fits the file, JSON object follows).</summary>
    public static bool HasSignature(ReadOnlySpan<byte> head, long fileLength) =>
        head.Length >= 9 && BinaryPrimitives.ReadUInt64LittleEndian(head) is var n && n >= 2 && (long)n <= fileLength - 8 && head[8] == (byte)'{';

    private static byte[] ReadHeader(string path, long fileLength)
    {
        using var file = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (fileLength < 8) throw WeightFormatException.Corrupt(path, "the safetensors file is shorter than its 8-byte header length");
        file.ReadExactly(lengthBytes);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (length > (ulong)Math.Min(MaxHeaderBytes, fileLength - 8))
            throw WeightFormatException.Corrupt(path, $"the safetensors header claims {length} bytes but the file has {fileLength - 8} after the length");
        var header = new byte[length];
        file.ReadExactly(header);
        return header;
    }

    private static JsonDocument Parse(string path, byte[] header)
    {
        try
        {
            var document = JsonDocument.Parse(header.AsMemory().TrimEnd((byte)' '));
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
            throw WeightFormatException.Corrupt(path, "the safetensors header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw WeightFormatException.Corrupt(path, $"the safetensors header is not valid JSON ({e.Message})", e);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object) throw WeightFormatException.Corrupt(path, "__metadata__ is not a JSON object");
        foreach (var entry in value.EnumerateObject())
        {
            // TorchSharp.PyBridge reads __metadata__ as if it were a tensor entry: a string under these names breaks it.
            if (entry.Name is "shape" or "data_offsets")
                throw WeightFormatException.Unsupported(path, $"metadata '{entry.Name}' has the name of a tensor field, which the safetensors loader (TorchSharp.PyBridge) cannot read",
                    "Rename that __metadata__ entry");
            metadata[entry.Name] = entry.Value.ValueKind == JsonValueKind.String
                ? entry.Value.GetString()!
                : throw WeightFormatException.Corrupt(path, $"metadata '{entry.Name}' is not a string");
        }
    }

    private static (long Begin, TensorRecord Tensor) ReadTensor(string path, JsonProperty property, long dataStart, long fileLength)
    {
        var entry = SafeTensorsEntry.Parse(path, property);
        // Compared as distances, never summed: an offset near long.MaxValue must not wrap around to a small position.
        if (entry.End > fileLength - dataStart)
            throw WeightFormatException.Corrupt(path, $"tensor '{property.Name}' ends at byte {(Int128)dataStart + entry.End} but the file has {fileLength}");
        var source = new FileRangeSource(path, dataStart + entry.Begin, entry.End - entry.Begin);
        var storage = new TensorStorage(property.Name, entry.DType, entry.NumElements, source);
        return (entry.Begin, new TensorRecord(property.Name, storage, 0, entry.Shape, StridedLayout.ContiguousStrides(entry.Shape)));
    }
}
