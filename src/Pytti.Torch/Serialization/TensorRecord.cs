namespace Pytti.Torch.Serialization;

/// <summary>
/// One tensor as a weight file stores it: a strided view (shape, strides and offset in elements,
/// like PyTorch) over a storage that other tensors may share. Enough to build a libtorch tensor from
/// <see cref="ToContiguousBytes()"/>; nothing is read from disk until then.
/// </summary>
public sealed class TensorRecord
{
    internal TensorRecord(string name, TensorStorage storage, long storageOffset, long[] shape, long[] strides)
    {
        if (shape.Length != strides.Length)
            throw new ArgumentException($"Tensor '{name}' has {shape.Length} sizes but {strides.Length} strides.");
        Name = name;
        Storage = storage;
        StorageOffset = storageOffset;
        Shape = shape;
        Strides = strides;
        NumElements = shape.Aggregate(1L, (n, d) => checked(n * d));
    }

    public string Name { get; }

    public DType DType => Storage.DType;

    public long[] Shape { get; }

    public long[] Strides { get; }

    /// <summary>Offset of the first element in the storage, in elements.</summary>
    public long StorageOffset { get; }

    public long NumElements { get; }

    /// <summary>True when the elements lie in row-major order without gaps (PyTorch's <c>is_contiguous()</c>).</summary>
    public bool IsContiguous => StridedLayout.IsContiguous(Shape, Strides);

    internal TensorStorage Storage { get; }

    /// <summary>The same tensor under another name (the storage stays shared).</summary>
    internal TensorRecord WithName(string name) => new(name, Storage, StorageOffset, Shape, Strides);

    /// <summary>The elements in row-major order as little-endian bytes; strided views are materialised.</summary>
    public byte[] ToContiguousBytes()
    {
        if (NumElements == 0) return [];
        long span = StridedLayout.ElementSpan(Shape, Strides);
        byte[] window = Storage.ReadElements(StorageOffset, span);
        return IsContiguous ? window : StridedLayout.Gather(window, Shape, Strides, DType.ElementSize());
    }

    /// <summary>Like <see cref="ToContiguousBytes()"/>, converted to <paramref name="convertTo"/> (e.g. float16 to float32).</summary>
    public byte[] ToContiguousBytes(DType convertTo) =>
        ElementConverter.Convert(ToContiguousBytes(), DType, convertTo);

    /// <summary>Checks that the view stays inside its storage; throws naming the tensor and file otherwise.</summary>
    internal void Validate(string path)
    {
        if (StorageOffset < 0 || Shape.Any(d => d < 0) || Strides.Any(s => s < 0))
            throw WeightFormatException.Corrupt(path, $"tensor '{Name}' has a negative size, stride or offset");
        if (NumElements == 0) return;
        long end = checked(StorageOffset + StridedLayout.ElementSpan(Shape, Strides));
        if (end > Storage.NumElements || !Storage.HasAllBytes)
            throw WeightFormatException.Corrupt(path,
                $"tensor '{Name}' needs {end} elements of storage '{Storage.Key}', which holds {Storage.NumElements}"
                + (Storage.HasAllBytes ? "" : " and is shorter than its declared size"));
    }

    public override string ToString() => $"{Name}: {DType.TorchName()}[{string.Join(", ", Shape)}]";
}
