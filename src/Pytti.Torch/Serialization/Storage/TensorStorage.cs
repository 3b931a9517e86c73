namespace Pytti.Torch.Serialization;

/// <summary>
/// A typed storage as PyTorch saves it: <see cref="NumElements"/> elements of <see cref="DType"/> in a
/// blob. Several <see cref="TensorRecord"/>s (views) may share one storage; its bytes are read on demand.
/// </summary>
internal sealed class TensorStorage
{
    private readonly IByteSource _source;
    private readonly long _firstElement;

    public TensorStorage(string key, DType dtype, long numElements, IByteSource source, bool bigEndian = false, long firstElement = 0)
    {
        Key = key;
        DType = dtype;
        NumElements = numElements;
        BigEndian = bigEndian;
        _source = source;
        _firstElement = firstElement;
    }

    /// <summary>The storage's name in the file (zip entry name, legacy root key, safetensors tensor name).</summary>
    public string Key { get; }

    public DType DType { get; }

    public long NumElements { get; }

    /// <summary>True when the file was written on a big-endian machine (torch zip <c>byteorder</c> entry).</summary>
    public bool BigEndian { get; }

    /// <summary>A view of <paramref name="count"/> elements starting at <paramref name="offset"/> (legacy view storages).</summary>
    public TensorStorage Slice(string key, long offset, long count) =>
        new(key, DType, count, _source, BigEndian, _firstElement + offset);

    /// <summary>Whether the blob holds at least <see cref="NumElements"/> elements.</summary>
    /// <remarks>In 128 bits: a storage claiming 2^62 elements must not wrap around to a size the blob seems to hold.</remarks>
    public bool HasAllBytes =>
        _firstElement >= 0 && NumElements >= 0 && ((Int128)_firstElement + NumElements) * DType.ElementSize() <= _source.Length;

    /// <summary>Reads <paramref name="count"/> elements from <paramref name="first"/> as little-endian bytes.</summary>
    public byte[] ReadElements(long first, long count)
    {
        int size = DType.ElementSize();
        var bytes = new byte[checked(count * size)];
        _source.Read((_firstElement + first) * size, bytes);
        if (BigEndian)
            ByteOrder.Reverse(bytes, size);
        return bytes;
    }
}
