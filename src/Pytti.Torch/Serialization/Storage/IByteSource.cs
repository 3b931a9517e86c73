namespace Pytti.Torch.Serialization;

/// <summary>Random-access bytes of one stored blob (a zip entry, a range of a file, an in-memory buffer).</summary>
internal interface IByteSource
{
    /// <summary>Number of bytes available.</summary>
    long Length { get; }

    /// <summary>Fills <paramref name="destination"/> with the bytes starting at <paramref name="offset"/>.</summary>
    void Read(long offset, Span<byte> destination);
}
