using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Pytti.Pipeline.Tests.Media;

/// <summary>
/// PNG files built byte by byte (no encoder in the loop), so a decoding test knows exactly what the file holds:
/// RGBA with transparent pixels, 16-bit samples. Rows use filter 0 (none).
/// </summary>
internal static class HandMadePng
{
    /// <summary>A PNG of <paramref name="width"/> x <paramref name="height"/> whose raw, unfiltered samples are <paramref name="samples"/>.</summary>
    /// <param name="colourType">2: RGB, 6: RGBA.</param>
    /// <param name="bitDepth">8 or 16 (16-bit samples big-endian, as PNG stores them).</param>
    public static byte[] Build(int width, int height, byte colourType, byte bitDepth, byte[] samples)
    {
        var rowBytes = samples.Length / height;
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            raw.Write(samples, y * rowBytes, rowBytes);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = (bitDepth, colourType);
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", Deflate(raw.ToArray()));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        png.Write(word);
    }

    /// <summary>The CRC-32 PNG puts after each chunk (ISO 3309, polynomial 0xEDB88320, reflected).</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
