namespace Pytti.Torch.Serialization;

/// <summary>
/// Turns pickled module objects into state-dict entries without instantiating them: TorchScript
/// modules (<c>__torch__.*</c>, attributes in their BUILD state) and whole <c>nn.Module</c>s saved
/// with <c>torch.save(model)</c> (<c>_parameters</c>, <c>_buffers</c>, <c>_modules</c>).
/// </summary>
internal sealed class ModuleWalker(TorchScriptDeclarations declarations)
{
    public static bool IsModule(object? value) =>
        value is PyObject { State: PyDict state } module && (IsTorchScript(module) || state.TryGet("_modules", out _));

    public void Collect(PyObject module, string prefix, List<TensorRecord> into)
    {
        if (module.State is not PyDict state) return;
        if (IsTorchScript(module))
            CollectAttributes(module.ClassName, state, prefix, into);
        else
            CollectEager(state, prefix, into);
    }

    private static bool IsTorchScript(PyObject module) => module.ClassName.StartsWith("__torch__.", StringComparison.Ordinal);

    // A TorchScript module's attributes: parameters, buffers and submodules, plus flags such as 'training'.
    private void CollectAttributes(string className, PyDict state, string prefix, List<TensorRecord> into)
    {
        foreach (var (key, value) in state.Items)
        {
            if (key is not string name) continue;
            if (value is TensorRecord tensor && declarations.IsState(className, name)) into.Add(tensor.WithName(prefix + name));
            else if (value is PyObject child && IsModule(child)) Collect(child, prefix + name + ".", into);
        }
    }

    private void CollectEager(PyDict state, string prefix, List<TensorRecord> into)
    {
        foreach (var group in new[] { "_parameters", "_buffers" })
        {
            if (state.TryGet(group, out var tensors) && tensors is PyDict dict)
                into.AddRange(dict.Items.Where(p => p.Key is string && p.Value is TensorRecord).Select(p => ((TensorRecord)p.Value!).WithName(prefix + p.Key)));
        }
        if (state.TryGet("_modules", out var modules) && modules is PyDict children)
        {
            foreach (var (key, value) in children.Items)
                if (key is string name && value is PyObject child) Collect(child, prefix + name + ".", into);
        }
    }
}
