namespace Pytti.Torch.Serialization;

/// <summary>Re-implementations of <c>torch._utils._rebuild_tensor[_v2]</c> and <c>_rebuild_parameter</c>: they only describe a view.</summary>
internal static class TensorRebuild
{
    /// <summary><c>(storage, storage_offset, size, stride, [requires_grad, backward_hooks, metadata])</c> to an unnamed record.</summary>
    public static object? FromStorage(object?[] args, string path)
    {
        if (args.Length < 4 || args[0] is not TensorStorage storage)
            return new UnsupportedTensor($"a tensor rebuilt from {PyRepr.Of(args.ElementAtOrDefault(0))} instead of a checkpoint storage", "torch._utils._rebuild_tensor_v2");
        long offset = ToLong(args[1], path);
        long[] shape = ToLongs(args[2], path);
        long[] strides = ToLongs(args[3], path);
        if (shape.Length != strides.Length)
            throw WeightFormatException.Corrupt(path, $"a tensor has {shape.Length} sizes but {strides.Length} strides");
        return new TensorRecord("", storage, offset, shape, strides);
    }

    /// <summary><c>_rebuild_parameter(data, requires_grad, backward_hooks[, state])</c>: the parameter is its data.</summary>
    public static object? Parameter(object?[] args, string path) =>
        args.Length > 0 ? args[0] : throw WeightFormatException.Corrupt(path, "a parameter is rebuilt without data");

    private static long ToLong(object? value, string path) =>
        value is long l ? l : throw WeightFormatException.Corrupt(path, $"a tensor size or offset is {PyRepr.Of(value)}, not an integer");

    private static long[] ToLongs(object? value, string path) => value switch
    {
        PyTuple tuple => [.. tuple.Items.Select(v => ToLong(v, path))],
        List<object?> list => [.. list.Select(v => ToLong(v, path))],
        _ => throw WeightFormatException.Corrupt(path, $"tensor sizes are {PyRepr.Of(value)}, not a tuple"),
    };
}
