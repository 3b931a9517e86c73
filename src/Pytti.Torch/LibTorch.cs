using TS = TorchSharp;

namespace Pytti.Torch;

/// <summary>Process- and thread-wide libtorch state (through TorchSharp): seeds, threads, devices, grad modes, scopes.</summary>
public static class LibTorch
{
    /// <summary>The version of the libtorch TorchSharp runs on, e.g. <c>2.10.0</c>.</summary>
    public static string Version => LibTorchInfo.Version;

    /// <summary>Seeds every device's default generator.</summary>
    public static void ManualSeed(ulong seed)
    {
        TS.torch.manual_seed(unchecked((long)seed));   // returns the default generator: not ours to dispose
        if (CudaIsAvailable) TS.torch.cuda.manual_seed_all(unchecked((long)seed));
    }

    public static int NumThreads
    {
        get => TS.torch.get_num_threads();
        set
        {
            if (value <= 0) throw new TorchException($"Number of threads must be positive, not {value}.");
            TS.torch.set_num_threads(value);
        }
    }

    /// <summary>Whether a CUDA device can be used: TorchSharp's CUDA runtime is loaded and a GPU is present.</summary>
    public static bool CudaIsAvailable => TS.torch.cuda.is_available();

    public static int CudaDeviceCount => CudaIsAvailable ? TS.torch.cuda.device_count() : 0;

    public static void CudaSynchronize(int deviceIndex = -1) =>
        TS.torch.cuda.synchronize(deviceIndex < 0 ? null : new TS.torch.Device(TS.DeviceType.CUDA, deviceIndex));

    /// <summary>Whether operations on this thread record autograd graphs.</summary>
    public static bool IsGradEnabled => TS.torch.is_grad_enabled();

    /// <summary>Disables gradient recording on this thread until disposed (like <c>torch.no_grad()</c>).</summary>
    public static IDisposable NoGrad() => TS.torch.no_grad();

    /// <summary>Enables gradient recording on this thread until disposed (like <c>torch.enable_grad()</c>).</summary>
    public static IDisposable EnableGrad() => TS.torch.enable_grad();

    /// <summary>Inference mode on this thread until disposed (like <c>torch.inference_mode()</c>): faster, but its tensors never join autograd.</summary>
    public static IDisposable InferenceMode() => TS.torch.inference_mode();

    /// <summary>A new innermost dispose scope for this thread.</summary>
    public static DisposeScope NewDisposeScope() => new();
}
