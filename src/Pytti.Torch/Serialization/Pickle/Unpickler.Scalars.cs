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
            case PickleOpcode.Long: Push(ToInteger(BigInteger.Parse(_in.ReadLine().TrimEnd('L'), CultureInfo.InvariantCulture))); return true;
            case PickleOpcode.Float: Push(double.Parse(_in.ReadLine(), CultureInfo.InvariantCulture)); return true;
            default: return false;
        }
    }

    // Protocol 0 writes True/False as "I01"/"I00".
    private static object ParseIntLine(string line) => line switch
    {
        "01" => true,
        "00" => false,
        _ => ToInteger(BigInteger.Parse(line, CultureInfo.InvariantCulture)),
    };

    /// <summary>Little-endian two's complement bytes; a long when it fits, a BigInteger otherwise.</summary>
    private static object ToInteger(byte[] bytes) => ToInteger(new BigInteger(bytes, isUnsigned: false, isBigEndian: false));

    private static object ToInteger(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
}
