namespace Pytti.Torch.NN;

/// <summary>A state dict that does not fit a module: lists every missing, unexpected and mis-shaped key.</summary>
public sealed class StateDictMismatchException(string message, IReadOnlyList<string> keys) : Exception(message)
{
    /// <summary>The offending keys.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;
}

internal static class StateDictCheck
{
    public static void Validate(string moduleName, IReadOnlyDictionary<string, Tensor> own,
        IReadOnlyDictionary<string, Tensor> source, bool strict, Func<string, bool>? ignore)
    {
        var problems = new List<string>();
        var keys = new List<string>();
        foreach (var (name, target) in own)
        {
            if (!source.TryGetValue(name, out var value))
            {
                if (strict) { problems.Add($"missing key '{name}' (expected shape {target.ShapeString})"); keys.Add(name); }
            }
            else if (!value.Shape.SequenceEqual(target.Shape))
            {
                problems.Add($"key '{name}' has shape {value.ShapeString}, the module expects {target.ShapeString}");
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
}
