using System.Text;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>Writes pickle opcodes by hand, so tests control exactly what a file contains.</summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> _bytes = [0x80, 0x02];

    public PickleBuilder Op(char opcode) => Raw((byte)opcode);

    public PickleBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public PickleBuilder Mark() => Op('(');

    public PickleBuilder Global(string module, string name) => Op('c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public PickleBuilder Str(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return Op('X').Raw(BitConverter.GetBytes(utf8.Length)).Raw(utf8);
    }

    /// <summary>BININT for values that fit 32 bits, LONG1 (8 bytes) for the rest.</summary>
    public PickleBuilder Int(long value) => value is >= int.MinValue and <= int.MaxValue
        ? Op('J').Raw(BitConverter.GetBytes((int)value))
        : Raw(0x8a, 8).Raw(BitConverter.GetBytes(value));

    public PickleBuilder Tuple(params long[] values)
    {
        Mark();
        foreach (long v in values) Int(v);
        return Op('t');
    }

    /// <summary>
    /// Pushes <c>_rebuild_tensor_v2(('storage', type, key, 'cpu', numel[, view]), offset, shape, strides, False, OrderedDict())</c>;
    /// <paramref name="view"/> is the legacy format's <c>(view_key, offset, size)</c>.
    /// </summary>
    public PickleBuilder Tensor(string storageType, string key, long numel, long offset, long[] shape, long[] strides, (string Key, long Offset, long Size)? view = null)
    {
        Global("torch._utils", "_rebuild_tensor_v2").Mark();
        Mark().Str("storage").Global("torch", storageType).Str(key).Str("cpu").Int(numel);
        if (view is var (viewKey, viewOffset, viewSize)) Mark().Str(viewKey).Int(viewOffset).Int(viewSize).Op('t');
        Op('t').Op('Q');
        Int(offset).Tuple(shape).Tuple(strides).Raw(0x89);
        Global("collections", "OrderedDict").Op(')').Op('R');
        return Op('t').Op('R');
    }

    public byte[] Stop() => [.. _bytes, (byte)'.'];
}
