using Pytti.Torch.Native;

namespace Pytti.Torch;

/// <summary>
/// A random-number generator (libtorch's <c>at::Generator</c>). Pass one to creation ops
/// (<see cref="Tensor.RandN(long[], Generator?, DType, Device?)"/>, ...) to make random draws independent of global state;
/// its state can be saved and restored for checkpoints.
/// </summary>
public sealed class Generator : IDisposable
{
    private IntPtr _ptr;

    private Generator(IntPtr ptr) => _ptr = ptr;

    /// <summary>A new generator on the device, seeded.</summary>
    public Generator(ulong seed, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        Checked.Check(NativeMethods.pt_generator_new((int)d.Type, d.Index, seed, out _ptr));
    }

    /// <summary>The process-wide default generator of a device (seeded by <see cref="LibTorch.ManualSeed"/>).</summary>
    public static Generator Default(Device? device = null)
    {
        var d = device ?? Device.Cpu;
        Checked.Check(NativeMethods.pt_generator_default((int)d.Type, d.Index, out var ptr));
        return new Generator(ptr);
    }

    internal IntPtr Ptr
    {
        get
        {
            ObjectDisposedException.ThrowIf(_ptr == IntPtr.Zero, this);
            return _ptr;
        }
    }

    public ulong InitialSeed
    {
        get
        {
            Checked.Check(NativeMethods.pt_generator_seed(Ptr, out var seed));
            return seed;
        }
    }

    /// <summary>The generator's full state as a uint8 tensor (to checkpoint it).</summary>
    public Tensor GetState()
    {
        Checked.Check(NativeMethods.pt_generator_get_state(Ptr, out var state));
        return new Tensor(state);
    }

    public void SetState(Tensor state) => Checked.Check(NativeMethods.pt_generator_set_state(Ptr, state.Ptr));

    public void Dispose()
    {
        var ptr = Interlocked.Exchange(ref _ptr, IntPtr.Zero);
        if (ptr != IntPtr.Zero) NativeMethods.pt_generator_free(ptr);
        GC.SuppressFinalize(this);
    }

    ~Generator()
    {
        if (_ptr != IntPtr.Zero) NativeMethods.pt_generator_free(_ptr);
    }
}
