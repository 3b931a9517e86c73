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
        var collector = new TensorCollector(checkpoint.Path, new ModuleWalker(checkpoint.Declarations));
        collector.Add(root, "");
        var tensors = collector.Tensors;
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

    private static string EntryNames(object? root) =>
        root is PyDict dict ? string.Join(", ", dict.Items.Select(p => TensorCollector.KeyText(p.Key))) : "none, it is " + PyRepr.Of(root);

    private static void RejectDuplicates(string path, List<TensorRecord> tensors)
    {
        var duplicate = tensors.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new WeightFormatException(path, $"the key '{duplicate.Key}' occurs twice after flattening",
                "Load without StripModulePrefix, or pick a single state dict with StateDictKey", WeightErrorCodes.NoStateDict);
    }
}
