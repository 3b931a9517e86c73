namespace Pytti.Torch.Serialization;

internal sealed partial class Unpickler
{
    private bool Container(byte op)
    {
        switch (op)
        {
            case PickleOpcode.EmptyTuple: Push(PyTuple.Empty); return true;
            case PickleOpcode.Tuple: Push(new PyTuple(PopToMark())); return true;
            case PickleOpcode.Tuple1: Push(PopTuple(1)); return true;
            case PickleOpcode.Tuple2: Push(PopTuple(2)); return true;
            case PickleOpcode.Tuple3: Push(PopTuple(3)); return true;
            case PickleOpcode.EmptyList: Push(new List<object?>()); return true;
            case PickleOpcode.List: Push(new List<object?>(PopToMark())); return true;
            case PickleOpcode.EmptySet: Push(new List<object?>()); return true;
            case PickleOpcode.FrozenSet: Push(new List<object?>(PopToMark())); return true;
            case PickleOpcode.EmptyDict: Push(new PyDict()); return true;
            case PickleOpcode.Dict: Push(FillDict(new PyDict(), PopToMark())); return true;
            case PickleOpcode.Append: AppendTo(Peek2(), [Pop()]); return true;
            case PickleOpcode.Appends or PickleOpcode.AddItems: { var items = PopToMark(); AppendTo(Peek(), items); return true; }
            case PickleOpcode.SetItem: { var value = Pop(); var key = Pop(); SetItemsOn(Peek(), [key, value]); return true; }
            case PickleOpcode.SetItems: { var items = PopToMark(); SetItemsOn(Peek(), items); return true; }
            default: return false;
        }
    }

    private PyTuple PopTuple(int count)
    {
        var items = new object?[count];
        for (int i = count - 1; i >= 0; i--) items[i] = Pop();
        return new PyTuple(items);
    }

    // APPEND's target lies below the appended value.
    private object? Peek2() => _stack.Count >= 2 ? _stack[^2] : throw Malformed("APPEND without a list");

    private void AppendTo(object? target, object?[] items)
    {
        switch (target)
        {
            case List<object?> list: list.AddRange(items); break;
            case PyObject placeholder: placeholder.ListItems.AddRange(items); break;
            default: throw Malformed($"APPEND to {PyRepr.Of(target)}");
        }
    }

    private void SetItemsOn(object? target, object?[] pairs)
    {
        switch (target)
        {
            case PyDict dict: FillDict(dict, pairs); break;
            case PyObject placeholder: FillDict(placeholder.DictItems, pairs); break;
            default: throw Malformed($"SETITEM on {PyRepr.Of(target)}");
        }
    }

    private PyDict FillDict(PyDict dict, object?[] pairs)
    {
        if (pairs.Length % 2 != 0) throw Malformed("a dict has a key without a value");
        for (int i = 0; i < pairs.Length; i += 2)
            dict.Set(pairs[i], pairs[i + 1]);
        return dict;
    }

    private bool Memo(byte op)
    {
        switch (op)
        {
            case PickleOpcode.BinPut: _memo[_in.ReadByte()] = Peek(); return true;
            case PickleOpcode.LongBinPut: _memo[_in.ReadUInt32()] = Peek(); return true;
            case PickleOpcode.Put: _memo[ParseMemoIndex(_in.ReadLine())] = Peek(); return true;
            case PickleOpcode.Memoize: _memo[_memo.Count] = Peek(); return true;
            case PickleOpcode.BinGet: Push(FromMemo(_in.ReadByte())); return true;
            case PickleOpcode.LongBinGet: Push(FromMemo(_in.ReadUInt32())); return true;
            case PickleOpcode.Get: Push(FromMemo(ParseMemoIndex(_in.ReadLine()))); return true;
            default: return false;
        }
    }

    private long ParseMemoIndex(string line) =>
        long.TryParse(line, out long index) ? index : throw Malformed($"memo index '{line}' is not a number");

    private object? FromMemo(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Malformed($"memo entry {index} is read before it is written");
}
