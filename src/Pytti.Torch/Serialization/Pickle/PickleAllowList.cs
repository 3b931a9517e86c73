using System.Text;

namespace Pytti.Torch.Serialization;

/// <summary>
/// What the unpickler does with globals. Only the functions and classes listed here have an effect,
/// and each one is re-implemented here (PyTorch's tensor rebuilders, builtin containers, a few
/// TorchScript helpers). Every other global, whatever it is (<c>posix.system</c>, <c>builtins.eval</c>,
/// a model class), becomes an inert <see cref="PyObject"/> that records its name and arguments.
/// </summary>
internal static class PickleAllowList
{
    private delegate object? Function(object?[] args, string path);

    private static readonly Dictionary<string, Function> Functions = new()
    {
        ["torch._utils._rebuild_tensor_v2"] = TensorRebuild.FromStorage,
        ["torch._utils._rebuild_tensor"] = TensorRebuild.FromStorage,
        ["torch._utils._rebuild_parameter"] = TensorRebuild.Parameter,
        ["torch._utils._rebuild_parameter_with_state"] = TensorRebuild.Parameter,
        ["torch._utils._rebuild_qtensor"] = (_, _) => new UnsupportedTensor("a quantized tensor", "torch._utils._rebuild_qtensor"),
        ["torch._utils._rebuild_sparse_tensor"] = (_, _) => new UnsupportedTensor("a sparse tensor", "torch._utils._rebuild_sparse_tensor"),
        ["torch._utils._rebuild_sparse_csr_tensor"] = (_, _) => new UnsupportedTensor("a sparse tensor", "torch._utils._rebuild_sparse_csr_tensor"),
        ["torch._utils._rebuild_meta_tensor_no_storage"] = (_, _) => new UnsupportedTensor("a meta tensor (it has no data)", "torch._utils._rebuild_meta_tensor_no_storage"),
        ["collections.OrderedDict"] = (args, _) => NewDict(args),
        ["builtins.dict"] = (args, _) => NewDict(args),
        ["builtins.list"] = (args, _) => CopyList(args),
        ["builtins.set"] = (args, _) => CopyList(args),
        ["builtins.frozenset"] = (args, _) => CopyList(args),
        ["torch.Size"] = (args, _) => args.Length > 0 && args[0] is PyTuple t ? t : PyTuple.Empty,
        ["torch.device"] = (args, _) => string.Join(":", args.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture))),
        ["_codecs.encode"] = (args, _) => args.Length > 0 && args[0] is string s ? Encoding.Latin1.GetBytes(s) : null,
        ["torch.jit._pickle.restore_type_tag"] = (args, _) => args.Length > 0 ? args[0] : null,
        ["torch.jit._pickle.build_intlist"] = (args, _) => args.Length > 0 ? args[0] : null,
        ["torch.jit._pickle.build_doublelist"] = (args, _) => args.Length > 0 ? args[0] : null,
        ["torch.jit._pickle.build_boollist"] = (args, _) => args.Length > 0 ? args[0] : null,
        ["torch.jit._pickle.build_tensorlist"] = (args, _) => args.Length > 0 ? args[0] : null,
    };

    /// <summary>The value a GLOBAL opcode pushes: a storage-type marker or an inert name.</summary>
    public static object Resolve(string module, string name)
    {
        if (TorchStorageType.TryResolve(module, name) is { } storageType) return storageType;
        return new PyGlobal(module, name);
    }

    /// <summary>REDUCE / NEWOBJ / INST: the allow-listed behaviour, or a placeholder that records the call.</summary>
    public static object? Call(PyGlobal callable, object?[] args, string path) =>
        Functions.TryGetValue(callable.FullName, out var function)
            ? function(args, path)
            : new PyObject(callable.FullName, args);

    /// <summary>BUILD: state is recorded on placeholders and dicts, never applied through <c>__setstate__</c>.</summary>
    public static void Build(object? target, object? state)
    {
        switch (target)
        {
            case PyObject placeholder: placeholder.State = state; break;
            case PyDict dict: dict.State = state; break;
        }
    }

    private static List<object?> CopyList(object?[] args) =>
        args.Length > 0 && args[0] is List<object?> items ? [.. items] : [];

    private static PyDict NewDict(object?[] args)
    {
        var dict = new PyDict();
        if (args.Length > 0 && args[0] is List<object?> pairs)
        {
            foreach (var pair in pairs.OfType<PyTuple>().Where(p => p.Count == 2))
                dict.Set(pair[0], pair[1]);
        }
        return dict;
    }
}
