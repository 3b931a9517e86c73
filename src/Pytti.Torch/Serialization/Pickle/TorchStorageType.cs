namespace Pytti.Torch.Serialization;

/// <summary>A <c>torch.*Storage</c> class named in a pickle: only a marker of the element type.</summary>
internal sealed record TorchStorageType(string Name, DType DType)
{
    private static readonly Dictionary<string, DType> ByName = new()
    {
        ["FloatStorage"] = DType.Float32,
        ["DoubleStorage"] = DType.Float64,
        ["HalfStorage"] = DType.Float16,
        ["BFloat16Storage"] = DType.BFloat16,
        ["LongStorage"] = DType.Int64,
        ["IntStorage"] = DType.Int32,
        ["ShortStorage"] = DType.Int16,
        ["CharStorage"] = DType.Int8,
        ["ByteStorage"] = DType.UInt8,
        ["BoolStorage"] = DType.Bool,
        ["UntypedStorage"] = DType.UInt8,
    };

    /// <summary>Recognises <c>torch.FloatStorage</c>, <c>torch.cuda.HalfStorage</c>, ...; null for anything else.</summary>
    public static TorchStorageType? TryResolve(string module, string name) =>
        (module is "torch" or "torch.cuda") && ByName.TryGetValue(name, out var dtype) ? new TorchStorageType(name, dtype) : null;

    /// <summary>True for storage classes PyTorch has but this reader does not (complex, quantized).</summary>
    public static bool IsUnsupported(string module, string name) =>
        (module is "torch" or "torch.cuda") && name.EndsWith("Storage", StringComparison.Ordinal);
}
