namespace Pytti.Torch.Serialization;

/// <summary>A Python dict or OrderedDict from a pickle, in insertion order.</summary>
internal sealed class PyDict
{
    private static readonly object NoneKey = new();
    private readonly List<KeyValuePair<object?, object?>> _items = [];
    private readonly Dictionary<object, int> _index = [];

    public IReadOnlyList<KeyValuePair<object?, object?>> Items => _items;

    public int Count => _items.Count;

    /// <summary>Instance state set by BUILD (an OrderedDict's <c>_metadata</c>); never interpreted.</summary>
    public object? State { get; set; }

    public void Set(object? key, object? value)
    {
        var slot = key ?? NoneKey;
        if (_index.TryGetValue(slot, out int i))
        {
            _items[i] = KeyValuePair.Create(key, value);
            return;
        }
        _index[slot] = _items.Count;
        _items.Add(KeyValuePair.Create(key, value));
    }

    public bool TryGet(object? key, out object? value)
    {
        if (_index.TryGetValue(key ?? NoneKey, out int i))
        {
            value = _items[i].Value;
            return true;
        }
        value = null;
        return false;
    }
}
