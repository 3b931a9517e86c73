using TS = TorchSharp;

namespace Pytti.Torch;

/// <summary>
/// A random-number generator (libtorch's <c>at::Generator</c>, through TorchSharp). Pass one to creation ops
/// (<see cref="Tensor.RandN(long[], Generator?, DType, Device?)"/>, ...) to make random draws independent of global state;
/// its state can be saved and restored for checkpoints.
/// </summary>
public sealed class Generator : IDisposable
{
    private TS.torch.Generator? _generator;
    private readonly bool _owned;

    private Generator(TS.torch.Generator generator, bool owned)
    {
        _generator = generator;
        _owned = owned;
    }

    /// <summary>A new generator on the device, seeded.</summary>
    public Generator(ulong seed, Device? device = null) : this(new TS.torch.Generator(seed, device.ToTorch()), owned: true)
    {
    }

    /// <summary>The process-wide default generator of the CPU (seeded by <see cref="LibTorch.ManualSeed"/>).</summary>
    public static Generator Default(Device? device = null)
    {
        if (device is { IsCuda: true }) throw new NotSupportedException("TorchSharp exposes only the CPU's default generator; make a seeded Generator on the device.");
        return new Generator(TS.torch.Generator.Default, owned: false);
    }

    /// <summary>The TorchSharp generator itself (owned by this object).</summary>
    public TS.torch.Generator Torch
    {
        get
        {
            ObjectDisposedException.ThrowIf(_generator is null, this);
            return _generator;
        }
    }

    public ulong InitialSeed => unchecked((ulong)Torch.initial_seed());

    /// <summary>The generator's full state as a uint8 tensor (to checkpoint it).</summary>
    public Tensor GetState() => Torch.get_state().Own();

    public void SetState(Tensor state) => Torch.set_state(state.Torch);

    public void Dispose()
    {
        var generator = Interlocked.Exchange(ref _generator, null);
        if (_owned) generator?.Dispose();
    }
}
