namespace Pytti.Torch.Serialization;

/// <summary>
/// An opaque placeholder for an object the pickle would have built by calling or instantiating
/// <see cref="ClassName"/>. Nothing was called: the class name, arguments and state are only recorded.
/// TorchScript modules (<c>__torch__.*</c>) arrive as these, with their attributes in <see cref="State"/>.
/// </summary>
internal sealed class PyObject(string className, object?[] args)
{
    public string ClassName { get; } = className;

    public object?[] Args { get; } = args;

    /// <summary>State passed to BUILD (<c>__setstate__</c>), usually a <see cref="PyDict"/> of attributes.</summary>
    public object? State { get; set; }

    /// <summary>Items added by SETITEM(S) (dict subclasses).</summary>
    public PyDict DictItems { get; } = new();

    /// <summary>Items added by APPEND(S) (list subclasses).</summary>
    public List<object?> ListItems { get; } = [];

    public override string ToString() => $"{ClassName}({string.Join(", ", Args.Select(PyRepr.Of))})";
}
