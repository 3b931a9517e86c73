namespace Pytti.Torch.Serialization;

/// <summary>
/// A pickle virtual machine (protocols 0 to 5) that builds plain values only. Globals are names;
/// calling one goes through <see cref="PickleAllowList"/>, which knows PyTorch's tensor rebuild
/// functions and the builtin containers and records everything else as an inert <see cref="PyObject"/>.
/// No code from the pickle ever runs.
/// </summary>
internal sealed partial class Unpickler
{
    private readonly PickleInput _in;
    private readonly Func<PyTuple, object?>? _persistentLoad;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];

    /// <param name="stream">Positioned at the pickle; left just after its STOP opcode.</param>
    /// <param name="path">The file, for error messages.</param>
    /// <param name="persistentLoad">Resolves persistent ids (torch storages); null rejects them.</param>
    public Unpickler(Stream stream, string path, Func<PyTuple, object?>? persistentLoad = null)
    {
        _in = new PickleInput(stream, path);
        _persistentLoad = persistentLoad;
    }

    private string Path => _in.Path;

    /// <summary>Reads one pickle up to its STOP opcode and returns its value.</summary>
    public object? Load()
    {
        while (true)
        {
            byte op = _in.ReadByte();
            if (op == PickleOpcode.Stop) return _stack.Count == 1 && _marks.Count == 0 ? Pop() : throw Malformed("the value stack is unbalanced at STOP");
            if (!(Scalar(op) || Text(op) || Container(op) || Memo(op) || Object(op) || Framing(op)))
                throw UnknownOpcode(op);
        }
    }

    // Extension registry and out-of-band buffers are real pickle features that PyTorch never writes.
    private WeightFormatException UnknownOpcode(byte op) =>
        op is PickleOpcode.Ext1 or PickleOpcode.Ext2 or PickleOpcode.Ext4 or PickleOpcode.NextBuffer or PickleOpcode.ReadOnlyBuffer
            ? WeightFormatException.Unsupported(Path, $"the pickle uses opcode 0x{op:x2} at byte {_in.Position - 1}, which no PyTorch checkpoint needs", "Re-save the weights with torch.save(state_dict) or as safetensors")
            : Malformed($"unknown opcode 0x{op:x2}");

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks.Peek() == _stack.Count))
            throw Malformed("an opcode pops from an empty stack");
        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Malformed("an opcode reads an empty stack");

    private void PushMark() => _marks.Push(_stack.Count);

    /// <summary>Removes and returns everything above the topmost MARK.</summary>
    private object?[] PopToMark()
    {
        if (_marks.Count == 0) throw Malformed("an opcode needs a MARK that is missing");
        int start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start).ToArray();
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private bool Framing(byte op)
    {
        switch (op)
        {
            case PickleOpcode.Proto: _in.ReadByte(); return true;
            case PickleOpcode.Frame: _in.ReadInt64(); return true;
            case PickleOpcode.Mark: PushMark(); return true;
            case PickleOpcode.Pop: Pop(); return true;
            case PickleOpcode.PopMark: PopToMark(); return true;
            case PickleOpcode.Dup: Push(Peek()); return true;
            default: return false;
        }
    }

    private WeightFormatException Malformed(string problem) =>
        WeightFormatException.Corrupt(Path, $"the pickle is malformed ({problem}, byte {_in.Position - 1})");
}
