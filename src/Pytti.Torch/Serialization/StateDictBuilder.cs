using System.Globalization;

namespace Pytti.Torch.Serialization;

/// <summary>
/// Flattens an unpickled checkpoint to named tensors: unwraps the state-dict entry (Lightning's
/// <c>state_dict</c> or <see cref="WeightLoadOptions.StateDictKey"/>), walks modules and nested
/// containers with dotted names, strips <c>module.</c> on request, and validates every view.
/// </summary>
internal static class StateDictBuilder
{
    public const string DefaultKey = "state_dict";

    public static StateDict Build(PickledCheckpoint checkpoint, WeightLoadOptions options)
    {
        object? root = SelectStateDict(checkpoint, options);
        var tensors = new List<TensorRecord>();
        Collect(root, "", tensors, new ModuleWalker(checkpoint.Declarations));
        if (tensors.Count == 0)
            throw new WeightFormatException(checkpoint.Path, $"the file holds no tensors (its top-level object is {PyRepr.Of(checkpoint.Root)})",
                "Pass a checkpoint saved with torch.save(model.state_dict()), or name the entry that holds the weights", WeightErrorCodes.NoStateDict);
        if (options.StripModulePrefix)
            tensors = [.. tensors.Select(t => t.Name.StartsWith("module.", StringComparison.Ordinal) ? t.WithName(t.Name["module.".Length..]) : t)];
        foreach (var tensor in tensors) tensor.Validate(checkpoint.Path);
        RejectDuplicates(checkpoint.Path, tensors);
        return new StateDict(checkpoint.Format, tensors);
    }

    private static object? SelectStateDict(PickledCheckpoint checkpoint, WeightLoadOptions options)
    {
        var root = checkpoint.Root;
        if (options.StateDictKey is { } key)
        {
            if (root is PyDict dict && dict.TryGet(key, out var selected)) return selected;
            throw new WeightFormatException(checkpoint.Path, $"the checkpoint has no entry '{key}' (entries: {EntryNames(root)})",
                "Pick one of the listed entries as the state-dict key", WeightErrorCodes.NoStateDict);
        }
        return root is PyDict top && top.TryGet(DefaultKey, out var inner) && inner is PyDict ? inner : root;
    }

    private static void Collect(object? value, string name, List<TensorRecord> into, ModuleWalker modules)
    {
        switch (value)
        {
            case TensorRecord tensor: into.Add(tensor.WithName(name.Length > 0 ? name : "tensor")); break;
            case PyDict dict:
                foreach (var (key, item) in dict.Items) Collect(item, Join(name, KeyText(key)), into, modules);
                break;
            case List<object?> list:
                for (int i = 0; i < list.Count; i++) Collect(list[i], Join(name, i.ToString(CultureInfo.InvariantCulture)), into, modules);
                break;
            case PyTuple tuple:
                for (int i = 0; i < tuple.Count; i++) Collect(tuple[i], Join(name, i.ToString(CultureInfo.InvariantCulture)), into, modules);
                break;
            case PyObject module when ModuleWalker.IsModule(module):
                modules.Collect(module, name.Length > 0 ? name + "." : "", into);
                break;
        }
    }

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;

    private static string KeyText(object? key) => key as string ?? Convert.ToString(key, CultureInfo.InvariantCulture) ?? "None";

    private static string EntryNames(object? root) =>
        root is PyDict dict ? string.Join(", ", dict.Items.Select(p => KeyText(p.Key))) : "none, it is " + PyRepr.Of(root);

    private static void RejectDuplicates(string path, List<TensorRecord> tensors)
    {
        var duplicate = tensors.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new WeightFormatException(path, $"the key '{duplicate.Key}' occurs twice after flattening",
                "Load without StripModulePrefix, or pick a single state dict with StateDictKey", WeightErrorCodes.NoStateDict);
    }
}
