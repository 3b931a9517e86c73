using System.Text;
using System.Text.Json;

namespace Pytti.Torch.Serialization;

/// <summary>
/// Writes safetensors files atomically (temp file beside the target, then rename): the JSON header
/// lists tensors in the given order and is padded with spaces to a multiple of 8 bytes.
/// </summary>
public static class SafeTensorsWriter
{
    public static void Write(string path, IEnumerable<(string Name, DType DType, long[] Shape, byte[] Data)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        Check(path, list);
        byte[] header = Header(list, metadata);
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteFile(temp, header, list);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new WeightFormatException(path, $"writing failed ({e.Message})", "Check that the folder exists, is writable and has free space", WeightErrorCodes.WriteFailed, e);
        }
    }

    private static void Check(string path, List<(string Name, DType DType, long[] Shape, byte[] Data)> tensors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, dtype, shape, data) in tensors)
        {
            long expected = shape.Aggregate(1L, (n, d) => checked(n * d)) * dtype.ElementSize();
            string? problem = name.Length == 0 || name == "__metadata__" ? $"the tensor name '{name}' is reserved or empty"
                : !names.Add(name) ? $"the tensor name '{name}' occurs twice"
                : shape.Any(d => d < 0) || data.Length != expected ? $"tensor '{name}' has {data.Length} bytes but {dtype.TorchName()}[{string.Join(", ", shape)}] needs {expected}"
                : null;
            if (problem is not null)
                throw new WeightFormatException(path, problem, "Fix the tensors passed to SafeTensorsWriter.Write", WeightErrorCodes.WriteFailed);
        }
    }

    private static byte[] Header(List<(string Name, DType DType, long[] Shape, byte[] Data)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, dtype, shape, data) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", SafeTensorsDType.NameOf(dtype));
                json.WriteStartArray("shape");
                foreach (long d in shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        int padding = (8 - (int)(buffer.Length % 8)) % 8;
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return buffer.ToArray();
    }

    private static void WriteFile(string temp, byte[] header, List<(string Name, DType DType, long[] Shape, byte[] Data)> tensors)
    {
        using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> length = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        file.Write(length);
        file.Write(header);
        foreach (var tensor in tensors) file.Write(tensor.Data);
        file.Flush(flushToDisk: true);
    }
}
