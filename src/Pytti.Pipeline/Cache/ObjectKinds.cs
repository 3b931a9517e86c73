using System.Buffers.Binary;

namespace Pytti.Pipeline.Cache;

/// <summary>What a content-store object must look like to be used as what a record says it is.</summary>
internal static class ObjectKinds
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool IsPng(string path)
    {
        Span<byte> head = stackalloc byte[8];
        return ReadHead(path, head) && head.SequenceEqual(PngSignature);
    }

    /// <summary>A safetensors file: an 8-byte little-endian header length that fits the file, then a JSON object.</summary>
    public static bool IsSafeTensors(string path)
    {
        Span<byte> head = stackalloc byte[9];
        if (!ReadHead(path, head)) return false;
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(head);
        return head[8] == (byte)'{' && headerLength <= (ulong)(new FileInfo(path).Length - 8);
    }

    private static bool ReadHead(string path, Span<byte> head)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
