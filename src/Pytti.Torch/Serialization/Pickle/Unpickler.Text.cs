using System.Text;

namespace Pytti.Torch.Serialization;

internal sealed partial class Unpickler
{
    private bool Text(byte op)
    {
        switch (op)
        {
            case PickleOpcode.ShortBinUnicode: Push(_in.ReadUtf8(_in.ReadByte())); return true;
            case PickleOpcode.BinUnicode: Push(_in.ReadUtf8(_in.ReadUInt32())); return true;
            case PickleOpcode.BinUnicode8: Push(_in.ReadUtf8(_in.ReadInt64())); return true;
            case PickleOpcode.Unicode: Push(_in.ReadLine()); return true;
            case PickleOpcode.ShortBinBytes: Push(_in.ReadBytes(_in.ReadByte())); return true;
            case PickleOpcode.BinBytes: Push(_in.ReadBytes(_in.ReadUInt32())); return true;
            case PickleOpcode.BinBytes8: Push(_in.ReadBytes(_in.ReadInt64())); return true;
            case PickleOpcode.ByteArray8: Push(_in.ReadBytes(_in.ReadInt64())); return true;
            // Python 2 str: decoded as latin-1, like pickle.load(encoding="latin1").
            case PickleOpcode.ShortBinString: Push(Encoding.Latin1.GetString(_in.ReadBytes(_in.ReadByte()))); return true;
            case PickleOpcode.BinString: Push(Encoding.Latin1.GetString(_in.ReadBytes(_in.ReadUInt32()))); return true;
            case PickleOpcode.String: Push(UnquoteProtocol0(_in.ReadLine())); return true;
            default: return false;
        }
    }

    private string UnquoteProtocol0(string literal)
    {
        if (literal.Length < 2 || literal[0] != literal[^1] || literal[0] is not ('\'' or '"'))
            throw Malformed("a STRING operand is not quoted");
        try
        {
            return System.Text.RegularExpressions.Regex.Unescape(literal[1..^1]);
        }
        catch (ArgumentException)
        {
            throw Malformed("a STRING operand has a bad escape");
        }
    }
}
