using System.Globalization;
using System.Numerics;

namespace Pytti.Torch.Serialization;

internal sealed partial class Unpickler
{
    private bool Scalar(byte op)
    {
        switch (op)
        {
            case PickleOpcode.None: Push(null); return true;
            case PickleOpcode.NewTrue: Push(true); return true;
            case PickleOpcode.NewFalse: Push(false); return true;
            case PickleOpcode.BinInt: Push((long)_in.ReadInt32()); return true;
            case PickleOpcode.BinInt1: Push((long)_in.ReadByte()); return true;
            case PickleOpcode.BinInt2: Push((long)_in.ReadUInt16()); return true;
            case PickleOpcode.Long1: Push(ToInteger(_in.ReadBytes(_in.ReadByte()))); return true;
            case PickleOpcode.Long4: Push(ToInteger(_in.ReadBytes(_in.ReadInt32()))); return true;
            case PickleOpcode.BinFloat: Push(_in.ReadBigEndianDouble()); return true;
            case PickleOpcode.Int: Push(ParseIntLine(_in.ReadLine())); return true;
            case PickleOpcode.Long: Push(ParseInteger(_in.ReadLine().TrimEnd('L'))); return true;
            case PickleOpcode.Float: Push(ParseFloat(_in.ReadLine())); return true;
            default: return false;
        }
    }

    // Protocol 0 writes True/False as "I01"/"I00".
    private object ParseIntLine(string line) => line switch
    {
        "01" => true,
        "00" => false,
        _ => ParseInteger(line),
    };

    private object ParseInteger(string text) =>
        BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? ToInteger(value)
            : throw Malformed($"'{text}' is not an integer");

    private double ParseFloat(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw Malformed($"'{text}' is not a number");

    /// <summary>Little-endian two's complement bytes; a long when it fits, a BigInteger otherwise.</summary>
    private static object ToInteger(byte[] bytes) => ToInteger(new BigInteger(bytes, isUnsigned: false, isBigEndian: false));

    private static object ToInteger(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
}
