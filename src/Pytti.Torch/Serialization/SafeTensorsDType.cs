namespace Pytti.Torch.Serialization;

/// <summary>The dtype names of the safetensors header.</summary>
internal static class SafeTensorsDType
{
    private static readonly (string Name, DType DType)[] Names =
    [
        ("F64", DType.Float64), ("F32", DType.Float32), ("F16", DType.Float16), ("BF16", DType.BFloat16),
        ("I64", DType.Int64), ("I32", DType.Int32), ("I16", DType.Int16), ("I8", DType.Int8),
        ("U8", DType.UInt8), ("BOOL", DType.Bool),
    ];

    public static DType? Parse(string name) =>
        Names.Where(n => n.Name == name).Select(n => (DType?)n.DType).FirstOrDefault();

    public static string NameOf(DType dtype) =>
        Names.Where(n => n.DType == dtype).Select(n => n.Name).FirstOrDefault()
        ?? throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "No safetensors name for this dtype.");
}
