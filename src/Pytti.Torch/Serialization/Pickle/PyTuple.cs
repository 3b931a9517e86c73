namespace Pytti.Torch.Serialization;

/// <summary>A Python tuple from a pickle (structural equality, so tuples can be dict keys).</summary>
internal sealed class PyTuple(object?[] items) : IEquatable<PyTuple>
{
    public static readonly PyTuple Empty = new([]);

    public object?[] Items { get; } = items;

    public int Count => Items.Length;

    public object? this[int index] => Items[index];

    public bool Equals(PyTuple? other) =>
        other is not null && Items.Length == other.Items.Length && Items.Zip(other.Items).All(p => Equals(p.First, p.Second));

    public override bool Equals(object? obj) => obj is PyTuple other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items) hash.Add(item);
        return hash.ToHashCode();
    }

    public override string ToString() => "(" + string.Join(", ", Items.Select(PyRepr.Of)) + ")";
}
