namespace Pytti.Torch.NN;

/// <summary>A state dict that does not fit a module: lists every missing, unexpected and mis-shaped key.</summary>
public sealed class StateDictMismatchException(string message, IReadOnlyList<string> keys) : Exception(message)
{
    /// <summary>The offending keys.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;
}

internal static class StateDictCheck
{
    /// <summary>
    /// Compares a module's state-dict shapes (<paramref name="own"/>) with a source's, key by key; throws one
    /// <see cref="StateDictMismatchException"/> naming every problem.
    /// </summary>
    public static void Validate(string moduleName, IReadOnlyDictionary<string, long[]> own,
        IReadOnlyDictionary<string, long[]> source, bool strict, Func<string, bool>? ignore)
    {
        var problems = new List<string>();
        var keys = new List<string>();
        foreach (var (name, target) in own)
        {
            if (!source.TryGetValue(name, out var value))
            {
                if (strict) { problems.Add($"missing key '{name}' (expected shape {Show(target)})"); keys.Add(name); }
            }
            else if (!value.SequenceEqual(target))
            {
                problems.Add($"key '{name}' has shape {Show(value)}, the module expects {Show(target)}");
                keys.Add(name);
            }
        }
        if (strict)
        {
            foreach (var name in source.Keys)
            {
                if (!own.ContainsKey(name) && !(ignore?.Invoke(name) ?? false))
                {
                    problems.Add($"unexpected key '{name}'");
                    keys.Add(name);
                }
            }
        }
        if (problems.Count > 0)
            throw new StateDictMismatchException($"Cannot load weights into {moduleName}: " + string.Join("; ", problems), keys);
    }

    public static Dictionary<string, long[]> Shapes<T>(IReadOnlyDictionary<string, T> tensors, Func<T, long[]> shape) =>
        tensors.ToDictionary(kv => kv.Key, kv => shape(kv.Value));

    private static string Show(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
