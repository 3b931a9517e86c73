using System.Buffers.Binary;
using System.Text;

namespace Pytti.Torch.Serialization;

/// <summary>
/// The central directory of a zip file (zip64 included), read without loading any entry.
/// PyTorch stores its entries uncompressed, so a storage becomes a byte range of the file.
/// </summary>
internal sealed class ZipDirectory
{
    private const uint EndSignature = 0x06054b50, Zip64LocatorSignature = 0x07064b50, Zip64EndSignature = 0x06064b50;
    private const uint CentralSignature = 0x02014b50, LocalSignature = 0x04034b50;
    private readonly Dictionary<string, ZipEntryInfo> _entries;

    private ZipDirectory(string path, List<ZipEntryInfo> entries)
    {
        Path = path;
        Entries = entries;
        _entries = entries.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last());
    }

    public string Path { get; }

    public IReadOnlyList<ZipEntryInfo> Entries { get; }

    public ZipEntryInfo? Find(string name) => _entries.GetValueOrDefault(name);

    public static ZipDirectory Read(string path)
    {
        using var file = File.OpenRead(path);
        var (offset, size) = FindCentralDirectory(file, path);
        if (offset < 0 || size < 0 || offset > file.Length || size > file.Length - offset)
            throw WeightFormatException.Corrupt(path, "the zip's central directory lies outside the file");
        var buffer = new byte[size];
        file.Position = offset;
        file.ReadExactly(buffer);
        return new ZipDirectory(path, ParseEntries(buffer, path));
    }

    /// <summary>Random access to an entry's uncompressed bytes.</summary>
    public IByteSource Open(ZipEntryInfo entry)
    {
        long dataStart = DataStart(entry);
        return entry.Method switch
        {
            ZipEntryInfo.Stored => new FileRangeSource(Path, dataStart, entry.Size),
            ZipEntryInfo.Deflated => new DeflatedEntrySource(Path, dataStart, entry.CompressedSize, entry.Size),
            _ => throw WeightFormatException.Unsupported(Path, $"zip entry '{entry.Name}' uses compression method {entry.Method}", "Re-save the file with torch.save, or re-zip it without compression"),
        };
    }

    public byte[] ReadAll(ZipEntryInfo entry)
    {
        var bytes = new byte[checked((int)entry.Size)];
        Open(entry).Read(0, bytes);
        return bytes;
    }

    private long DataStart(ZipEntryInfo entry)
    {
        Span<byte> header = stackalloc byte[30];
        new FileRangeSource(Path, entry.LocalHeaderOffset, 30).Read(0, header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalSignature)
            throw WeightFormatException.Corrupt(Path, $"zip entry '{entry.Name}' has no local header where the directory says");
        return entry.LocalHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
    }

    private static (long Offset, long Size) FindCentralDirectory(FileStream file, string path)
    {
        int tailLength = (int)Math.Min(file.Length, 22 + 65535 + 20);
        var tail = new byte[tailLength];
        file.Position = file.Length - tailLength;
        file.ReadExactly(tail);
        for (int i = tailLength - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != EndSignature) continue;
            long size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i + 12));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i + 16));
            bool zip64 = i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i - 20)) == Zip64LocatorSignature;
            return zip64 ? ReadZip64End(file, BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(i - 12)), path) : (offset, size);
        }
        throw WeightFormatException.Corrupt(path, "the zip has no end-of-central-directory record (the file is cut short)");
    }

    private static (long Offset, long Size) ReadZip64End(FileStream file, long position, string path)
    {
        var record = new byte[56];
        if (position < 0 || position + 56 > file.Length)
            throw WeightFormatException.Corrupt(path, "the zip64 end record lies outside the file");
        file.Position = position;
        file.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
            throw WeightFormatException.Corrupt(path, "the zip64 end record is damaged");
        return (BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(48)), BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(40)));
    }

    private static List<ZipEntryInfo> ParseEntries(byte[] directory, string path)
    {
        var entries = new List<ZipEntryInfo>();
        int pos = 0;
        while (pos + 46 <= directory.Length && BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(pos)) == CentralSignature)
        {
            var span = directory.AsSpan(pos);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(span[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(span[32..]);
            if (pos + 46 + nameLength + extraLength > directory.Length)
                throw WeightFormatException.Corrupt(path, "the zip's central directory is cut short");
            entries.Add(ParseEntry(span, nameLength, extraLength));
            pos += 46 + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    private static ZipEntryInfo ParseEntry(ReadOnlySpan<byte> header, int nameLength, int extraLength)
    {
        string name = Encoding.UTF8.GetString(header.Slice(46, nameLength));
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
        Zip64Extra.Apply(header.Slice(46 + nameLength, extraLength), ref size, ref compressed, ref offset);
        return new ZipEntryInfo(name, BinaryPrimitives.ReadUInt16LittleEndian(header[10..]), compressed, size, offset);
    }
}
