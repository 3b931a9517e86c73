using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Pytti.Torch.Serialization;

/// <summary>The tensors of a weight file by state-dict key, in file order.</summary>
public sealed class StateDict : IReadOnlyDictionary<string, TensorRecord>
{
    private readonly List<TensorRecord> _ordered;
    private readonly Dictionary<string, TensorRecord> _byName;

    internal StateDict(WeightFormat format, IEnumerable<TensorRecord> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Format = format;
        Metadata = metadata ?? new Dictionary<string, string>();
        _ordered = [.. tensors];
        _byName = new Dictionary<string, TensorRecord>(StringComparer.Ordinal);
        foreach (var tensor in _ordered)
        {
            if (!_byName.TryAdd(tensor.Name, tensor))
                throw new ArgumentException($"Duplicate state-dict key '{tensor.Name}'.");
        }
        ParameterCount = _ordered.Sum(t => t.NumElements);
    }

    /// <summary>The container format the tensors came from.</summary>
    public WeightFormat Format { get; }

    /// <summary>Free-form string metadata (safetensors <c>__metadata__</c>); empty for other formats.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Total number of elements over all tensors (parameters and buffers).</summary>
    public long ParameterCount { get; }

    public int Count => _ordered.Count;

    public TensorRecord this[string key] => _byName.TryGetValue(key, out var tensor)
        ? tensor
        : throw new KeyNotFoundException($"The state dict has no tensor '{key}'.");

    public IEnumerable<string> Keys => _ordered.Select(t => t.Name);

    public IEnumerable<TensorRecord> Values => _ordered;

    public bool ContainsKey(string key) => _byName.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TensorRecord value) => _byName.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, TensorRecord>> GetEnumerator() =>
        _ordered.Select(t => KeyValuePair.Create(t.Name, t)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
