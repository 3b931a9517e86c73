using System.Globalization;

namespace Pytti.Torch.Serialization;

/// <summary>
/// Gathers the tensors of an unpickled value under dotted names: dict keys, list indices, module
/// attributes. Other values (numbers, strings, placeholders) are skipped; unsupported tensors fail.
/// </summary>
internal sealed class TensorCollector(string path, ModuleWalker modules)
{
    public List<TensorRecord> Tensors { get; } = [];

    public void Add(object? value, string name)
    {
        switch (value)
        {
            case TensorRecord tensor: Tensors.Add(tensor.WithName(name.Length > 0 ? name : "tensor")); break;
            case UnsupportedTensor unsupported: throw Unsupported(name, unsupported);
            case PyDict dict:
                foreach (var (key, item) in dict.Items) Add(item, Join(name, KeyText(key)));
                break;
            case List<object?> list: AddItems(list, name); break;
            case PyTuple tuple: AddItems(tuple.Items, name); break;
            case PyObject module when ModuleWalker.IsModule(module):
                modules.Collect(module, name.Length > 0 ? name + "." : "", Tensors);
                break;
        }
    }

    public static string KeyText(object? key) => key as string ?? Convert.ToString(key, CultureInfo.InvariantCulture) ?? "None";

    private void AddItems(IReadOnlyList<object?> items, string name)
    {
        for (int i = 0; i < items.Count; i++) Add(items[i], Join(name, i.ToString(CultureInfo.InvariantCulture)));
    }

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;

    private WeightFormatException Unsupported(string name, UnsupportedTensor tensor) =>
        WeightFormatException.Unsupported(path, $"tensor '{name}' is {tensor.Kind} ({tensor.Function}), which this reader does not support",
            "Convert it to a dense tensor (tensor.dequantize() or tensor.to_dense()) and save the weights again");
}
