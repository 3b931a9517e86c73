using System.Buffers.Binary;
using System.Text;

namespace Pytti.Torch.Serialization;

/// <summary>Reads the operands of pickle opcodes from a stream; running out of bytes is a corrupt-file error.</summary>
internal sealed class PickleInput(Stream stream, string path)
{
    public string Path { get; } = path;

    public long Position => stream.Position;

    public byte ReadByte()
    {
        int value = stream.ReadByte();
        return value < 0 ? throw Truncated() : (byte)value;
    }

    public byte[] ReadBytes(long count)
    {
        if (count < 0 || count > int.MaxValue || (stream.CanSeek && count > stream.Length - stream.Position))
            throw Truncated();
        var bytes = new byte[count];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    public double ReadBigEndianDouble() => BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8));

    public string ReadUtf8(long count) => Encoding.UTF8.GetString(ReadBytes(count));

    /// <summary>A newline-terminated text operand (protocol 0), without the newline.</summary>
    public string ReadLine()
    {
        var bytes = new List<byte>();
        for (byte b = ReadByte(); b != (byte)'\n'; b = ReadByte())
            bytes.Add(b);
        return Encoding.UTF8.GetString([.. bytes]).TrimEnd('\r');
    }

    private WeightFormatException Truncated() =>
        WeightFormatException.Corrupt(Path, $"a pickle ends unexpectedly at byte {stream.Position}");
}
