using System.Text.Json;

namespace Pytti.Torch.Serialization;

/// <summary>One tensor's header entry in a safetensors file, checked for consistency.</summary>
internal sealed record SafeTensorsEntry(DType DType, long[] Shape, long Begin, long End)
{
    public long NumElements => Shape.Aggregate(1L, (n, d) => checked(n * d));

    public static SafeTensorsEntry Parse(string path, JsonProperty property)
    {
        string name = property.Name;
        try
        {
            var value = property.Value;
            string dtypeName = value.GetProperty("dtype").GetString() ?? "";
            var dtype = SafeTensorsDType.Parse(dtypeName)
                ?? throw WeightFormatException.Unsupported(path, $"tensor '{name}' has dtype {dtypeName}", "Supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL; convert the tensor first");
            long[] shape = [.. value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
            long[] offsets = [.. value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64())];
            var entry = new SafeTensorsEntry(dtype, shape, offsets.ElementAtOrDefault(0), offsets.ElementAtOrDefault(1));
            entry.Check(path, name, offsets.Length);
            return entry;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw WeightFormatException.Corrupt(path, $"the header entry of tensor '{name}' is malformed ({e.Message})", e);
        }
    }

    private void Check(string path, string name, int offsetCount)
    {
        if (offsetCount != 2 || Begin < 0 || End < Begin || Shape.Any(d => d < 0))
            throw WeightFormatException.Corrupt(path, $"tensor '{name}' has invalid shape or data_offsets");
        if (ByteCount() is not { } needed)
            throw WeightFormatException.Corrupt(path, $"tensor '{name}' claims shape [{string.Join(", ", Shape)}], more bytes than any file holds");
        if (End - Begin != needed)
            throw WeightFormatException.Corrupt(path, $"tensor '{name}' spans {End - Begin} bytes but its shape needs {needed}");
    }

    // Overflow-safe: a shape of 2^62 float32 elements must not wrap around to a byte count that matches the offsets.
    private long? ByteCount()
    {
        try
        {
            return checked(NumElements * DType.ElementSize());
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
