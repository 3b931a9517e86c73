using System.Runtime.InteropServices;
using Pytti.Torch.Native;

namespace Pytti.Torch;

/// <summary>Process- and thread-wide libtorch state: seeds, threads, devices, grad modes, scopes.</summary>
public static class LibTorch
{
    /// <summary>libtorch's version string, e.g. <c>1.13.1</c>.</summary>
    public static string Version => Marshal.PtrToStringUTF8(NativeMethods.pt_version())!;

    /// <summary>libtorch's build configuration (BLAS, OpenMP, CUDA, ...), as <c>torch.__config__.show()</c>.</summary>
    public static string BuildConfig => Marshal.PtrToStringUTF8(NativeMethods.pt_build_config())!;

    /// <summary>Seeds every device's default generator.</summary>
    public static void ManualSeed(ulong seed) => Checked.Check(NativeMethods.pt_manual_seed(seed));

    public static int NumThreads
    {
        get => NativeMethods.pt_get_num_threads();
        set => Checked.Check(NativeMethods.pt_set_num_threads(value));
    }

    public static bool CudaIsAvailable => NativeMethods.pt_cuda_is_available() != 0;

    public static int CudaDeviceCount => NativeMethods.pt_cuda_device_count();

    /// <summary>
    /// Records libtorch's operators (CPU time and shapes) until the result is disposed, then writes them to
    /// <paramref name="chromeTracePath"/> as a Chrome trace (chrome://tracing). For benchmarks: where a step's time goes.
    /// </summary>
    public static IDisposable Profile(string chromeTracePath)
    {
        Checked.Check(NativeMethods.pt_profile_start(chromeTracePath));
        return new ProfileRecording();
    }

    private sealed class ProfileRecording : IDisposable
    {
        private bool _stopped;

        public void Dispose()
        {
            if (_stopped) return;
            _stopped = true;
            Checked.Check(NativeMethods.pt_profile_stop());
        }
    }

    /// <summary>
    /// Whether <see cref="Functional.Linear"/> sends frozen fp32 CPU weights through oneDNN: the bridge was built
    /// with it (Debian's <c>libdnnl-dev</c>) and <c>PYTTI_ONEDNN</c> is not <c>0</c>.
    /// </summary>
    public static bool OneDnnLinear
    {
        get
        {
            Checked.Check(NativeMethods.pt_onednn_available(out var available));
            return available != 0;
        }
    }

    public static void CudaSynchronize(int deviceIndex = -1) => Checked.Check(NativeMethods.pt_cuda_synchronize(deviceIndex));

    /// <summary>Whether operations on this thread record autograd graphs.</summary>
    public static bool IsGradEnabled => NativeMethods.pt_grad_mode_get() != 0;

    /// <summary>Disables gradient recording on this thread until disposed (like <c>torch.no_grad()</c>).</summary>
    public static IDisposable NoGrad() => new GradModeScope(false);

    /// <summary>Enables gradient recording on this thread until disposed (like <c>torch.enable_grad()</c>).</summary>
    public static IDisposable EnableGrad() => new GradModeScope(true);

    /// <summary>Inference mode on this thread until disposed (like <c>torch.inference_mode()</c>): faster, but its tensors never join autograd.</summary>
    public static IDisposable InferenceMode() => new InferenceModeScope();

    /// <summary>A new innermost dispose scope for this thread.</summary>
    public static DisposeScope NewDisposeScope() => new();

    private sealed class GradModeScope : IDisposable
    {
        private readonly int _previous;
        private readonly int _thread = Environment.CurrentManagedThreadId;
        private bool _disposed;

        public GradModeScope(bool enabled) => _previous = NativeMethods.pt_grad_mode_set(enabled ? 1 : 0);

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (_thread != Environment.CurrentManagedThreadId)
                throw new InvalidOperationException("A grad-mode scope must end on the thread that began it.");
            NativeMethods.pt_grad_mode_set(_previous);
        }
    }

    private sealed class InferenceModeScope : IDisposable
    {
        private IntPtr _guard;

        public InferenceModeScope() => Checked.Check(NativeMethods.pt_inference_mode_enter(out _guard));

        public void Dispose()
        {
            var guard = Interlocked.Exchange(ref _guard, IntPtr.Zero);
            if (guard != IntPtr.Zero) NativeMethods.pt_inference_mode_exit(guard);
        }
    }
}
