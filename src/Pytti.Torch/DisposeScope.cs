namespace Pytti.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope, and disposes
/// them when it ends. A result that must outlive the scope escapes explicitly with
/// <see cref="Tensor.MoveToOuterScope"/> (or <see cref="Tensor.DetachFromScopes"/>).
/// <code>
/// using (var scope = LibTorch.NewDisposeScope())
/// {
///     var loss = ComputeLoss(image);   // temporaries land in scope
///     loss.Backward();
///     kept = loss.Detach().MoveToOuterScope();
/// }
/// </code>
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? _current;

    private readonly HashSet<Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    internal DisposeScope()
    {
        Outer = _current;
        _current = this;
    }

    internal static DisposeScope? Current => _current;

    public DisposeScope? Outer { get; }

    /// <summary>Number of live tensors this scope will dispose.</summary>
    public int Count => _tensors.Count;

    internal void Add(Tensor tensor) => _tensors.Add(tensor);

    internal void Remove(Tensor tensor) => _tensors.Remove(tensor);

    /// <summary>Takes an existing tensor (created elsewhere) into this scope.</summary>
    public Tensor Include(Tensor tensor)
    {
        tensor.AttachTo(this);
        return tensor;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!ReferenceEquals(_current, this))
            throw new InvalidOperationException("Dispose scopes must be disposed in reverse order of creation, on the thread that created them.");
        _current = Outer;
        foreach (var tensor in _tensors.ToArray())
            tensor.DisposeFromScope();
        _tensors.Clear();
    }
}
