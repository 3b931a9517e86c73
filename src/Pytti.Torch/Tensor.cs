using TS = TorchSharp;

namespace Pytti.Torch;

/// <summary>
/// An n-dimensional array on a device: one TorchSharp tensor (<see cref="Torch"/>) with the ownership rules the engine
/// was written against. Created tensors join the innermost <see cref="DisposeScope"/> of the thread, if any; otherwise
/// dispose them yourself. <see cref="Share"/> gives a second owner of the same tensor (same storage, same autograd
/// identity); the TorchSharp tensor is disposed when its last owner is. Operators live in the partial files beside this one.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private static long _live;
    private Owned? _owned;
    private DisposeScope? _scope;

    /// <summary>The TorchSharp tensor and how many <see cref="Tensor"/> objects own it.</summary>
    private sealed class Owned(TS.torch.Tensor tensor)
    {
        public readonly TS.torch.Tensor Tensor = tensor;
        public int Owners = 1;
    }

    private Tensor(Owned owned)
    {
        _owned = owned;
        Interlocked.Increment(ref _live);
        _scope = DisposeScope.Current;
        _scope?.Add(this);
    }

    /// <summary>Takes ownership of a TorchSharp tensor (it is disposed with this one).</summary>
    public static Tensor Wrap(TS.torch.Tensor tensor) => new(new Owned(tensor ?? throw new ArgumentNullException(nameof(tensor))));

    /// <summary>Number of <see cref="Tensor"/> objects alive in this process (for leak checks).</summary>
    public static long LiveCount => Interlocked.Read(ref _live);

    /// <summary>The TorchSharp tensor itself (owned by this object: do not dispose it).</summary>
    public TS.torch.Tensor Torch
    {
        get
        {
            var owned = _owned;
            ObjectDisposedException.ThrowIf(owned is null, this);
            return owned.Tensor;
        }
    }

    public bool IsDisposed => _owned is null;

    public long[] Shape => Torch.shape;

    public int Dim => (int)Torch.dim();

    public long Size(int dim) => Torch.size(dim < 0 ? dim + Dim : dim);

    public DType DType => (DType)(sbyte)Torch.dtype;

    public long NumElements => Torch.numel();

    public Device Device
    {
        get
        {
            var d = Torch.device;
            return d.type == TS.DeviceType.CUDA ? new Device(DeviceType.Cuda, d.index) : Device.Cpu;
        }
    }

    public long[] Strides => Torch.stride();

    public bool IsLeaf => Torch.is_leaf;

    public bool IsContiguous => Torch.is_contiguous();

    public bool RequiresGrad
    {
        get => Torch.requires_grad;
        set => Torch.requires_grad = value;
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, for chaining.</summary>
    public Tensor RequiresGrad_(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>Shape as PyTorch prints it: <c>[2, 3, 4]</c>.</summary>
    public string ShapeString => "[" + string.Join(", ", Shape) + "]";

    public override string ToString() => $"Tensor({DType.TorchName()}, {ShapeString}, {Device})";

    /// <summary>A second owner of the same tensor (same storage, same autograd identity), disposed separately.</summary>
    public Tensor Share()
    {
        var owned = _owned;
        ObjectDisposedException.ThrowIf(owned is null, this);
        Interlocked.Increment(ref owned.Owners);
        return new Tensor(owned);
    }

    public void Dispose()
    {
        _scope?.Remove(this);
        _scope = null;
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>A safety net, not a plan: a tensor nobody disposed gives up its share when collected.</summary>
    ~Tensor() => Release();

    internal void DisposeFromScope()
    {
        _scope = null;
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        var owned = Interlocked.Exchange(ref _owned, null);
        if (owned is null) return;
        Interlocked.Decrement(ref _live);
        if (Interlocked.Decrement(ref owned.Owners) == 0) owned.Tensor.Dispose();
    }

    internal void AttachTo(DisposeScope? scope)
    {
        _scope?.Remove(this);
        _scope = scope;
        scope?.Add(this);
    }

    /// <summary>Moves this tensor out of its scope into the enclosing one (or none), so it survives the scope's end.</summary>
    public Tensor MoveToOuterScope()
    {
        AttachTo(_scope?.Outer);
        return this;
    }

    /// <summary>Takes this tensor out of every scope; the caller now owns it.</summary>
    public Tensor DetachFromScopes()
    {
        AttachTo(null);
        return this;
    }
}
