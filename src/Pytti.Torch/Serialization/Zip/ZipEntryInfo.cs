namespace Pytti.Torch.Serialization;

/// <summary>One entry of a zip's central directory.</summary>
internal sealed record ZipEntryInfo(string Name, int Method, long CompressedSize, long Size, long LocalHeaderOffset)
{
    public const int Stored = 0;
    public const int Deflated = 8;
}
