using Pytti.Torch.Native;

namespace Pytti.Torch;

/// <summary>
/// An n-dimensional array on a device, backed by one libtorch tensor. Created tensors join the
/// innermost <see cref="DisposeScope"/> of the thread, if any; otherwise dispose them yourself
/// (the finalizer is a safety net, not a plan). Operators live in the partial files beside this one.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly TensorHandle _handle;
    private DisposeScope? _scope;
    private long[]? _shape;
    private DType? _dtype;

    internal Tensor(IntPtr ptr)
    {
        if (ptr == IntPtr.Zero) throw new ArgumentException("null tensor handle", nameof(ptr));
        _handle = new TensorHandle(ptr);
        _scope = DisposeScope.Current;
        _scope?.Add(this);
    }

    /// <summary>Number of native tensor handles alive in this process (for leak checks).</summary>
    public static long LiveCount => NativeMethods.pt_tensor_live_count();

    internal IntPtr Ptr
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    public bool IsDisposed => _handle.IsClosed;

    public long[] Shape => (long[])(_shape ??= ReadShape()).Clone();

    public int Dim => (_shape ??= ReadShape()).Length;

    public long Size(int dim) => (_shape ??= ReadShape())[dim < 0 ? dim + Dim : dim];

    public DType DType => _dtype ??= (DType)Meta().DType;

    public long NumElements => Meta().NumElements;

    public Device Device
    {
        get
        {
            var m = Meta();
            return new Device((DeviceType)m.DeviceType, m.DeviceIndex);
        }
    }

    public long[] Strides
    {
        get
        {
            var strides = new long[Dim];
            ReadMeta(null, strides);
            return strides;
        }
    }

    public bool IsLeaf => Meta().IsLeaf != 0;

    public bool IsContiguous => Meta().IsContiguous != 0;

    public bool RequiresGrad
    {
        get => Meta().RequiresGrad != 0;
        set => Checked.Check(NativeMethods.pt_tensor_set_requires_grad(Ptr, value ? 1 : 0));
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

    public void Dispose()
    {
        _scope?.Remove(this);
        _scope = null;
        _handle.Dispose();
    }

    internal void DisposeFromScope()
    {
        _scope = null;
        _handle.Dispose();
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

    private PtTensorMeta Meta() => ReadMeta(null, null);

    private long[] ReadShape()
    {
        var shape = new long[Meta().NDim];
        ReadMeta(shape, null);
        return shape;
    }

    private unsafe PtTensorMeta ReadMeta(long[]? shape, long[]? strides)
    {
        PtTensorMeta meta;
        fixed (long* s = shape)
        fixed (long* st = strides)
        {
            var cap = Math.Max(shape?.Length ?? 0, strides?.Length ?? 0);
            Checked.Check(NativeMethods.pt_tensor_get_meta(Ptr, out meta, s, st, cap));
        }
        return meta;
    }
}
