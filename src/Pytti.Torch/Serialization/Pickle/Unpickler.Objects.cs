namespace Pytti.Torch.Serialization;

internal sealed partial class Unpickler
{
    private bool Object(byte op)
    {
        switch (op)
        {
            case PickleOpcode.Global: Push(PickleAllowList.Resolve(_in.ReadLine(), _in.ReadLine())); return true;
            case PickleOpcode.StackGlobal: { var name = PopString(); Push(PickleAllowList.Resolve(PopString(), name)); return true; }
            case PickleOpcode.Reduce: { var args = PopArgs(); Push(Call(Pop(), args)); return true; }
            case PickleOpcode.NewObj: { var args = PopArgs(); Push(Call(Pop(), args)); return true; }
            case PickleOpcode.NewObjEx: { Pop(); var args = PopArgs(); Push(Call(Pop(), args)); return true; }
            case PickleOpcode.Build: { var state = Pop(); PickleAllowList.Build(Peek(), state); return true; }
            case PickleOpcode.Inst: { var global = PickleAllowList.Resolve(_in.ReadLine(), _in.ReadLine()); Push(Call(global, PopToMark())); return true; }
            case PickleOpcode.Obj: { var items = PopToMark(); Push(items.Length > 0 ? Call(items[0], items[1..]) : throw Malformed("OBJ without a class")); return true; }
            case PickleOpcode.BinPersId: Push(LoadPersistent(Pop())); return true;
            case PickleOpcode.PersId: Push(LoadPersistent(_in.ReadLine())); return true;
            default: return false;
        }
    }

    private string PopString() => Pop() as string ?? throw Malformed("STACK_GLOBAL needs two strings");

    private object?[] PopArgs() => Pop() switch
    {
        PyTuple tuple => tuple.Items,
        var other => throw Malformed($"call arguments are {PyRepr.Of(other)}, not a tuple"),
    };

    private object? Call(object? callable, object?[] args) => callable switch
    {
        PyGlobal global => PickleAllowList.Call(global, args, Path),
        _ => throw Malformed($"the pickle calls {PyRepr.Of(callable)}, which is not a class or function"),
    };

    private object? LoadPersistent(object? id)
    {
        if (_persistentLoad is null)
            throw WeightFormatException.Unsupported(Path, "the pickle refers to external data (persistent ids) but is not inside a PyTorch checkpoint", "Load the .pt/.pth/.ckpt file itself, not an extracted data.pkl");
        return id is PyTuple tuple ? _persistentLoad(tuple) : throw Malformed($"persistent id {PyRepr.Of(id)} is not a tuple");
    }
}
