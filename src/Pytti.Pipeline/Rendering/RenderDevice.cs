using Pytti.Torch;
using TorchSharp;

namespace Pytti.Pipeline.Rendering;

/// <summary>Resolves the scene's <c>device</c> (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>, or a CUDA index).</summary>
public static class RenderDevice
{
    public static Device Resolve(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        // 'auto' on the CPU runtime is the CPU, decided without loading libtorch.
        if (t == "auto") return LibTorchInfo.BuiltWithCuda && torch.cuda.is_available() ? Device.Cuda(0) : Device.Cpu;
        var device = int.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var index) && index >= 0 ? Device.Cuda(index) : Parse(text);
        if (device.IsCuda) CheckCuda(text, device);
        return device;
    }

    private static Device Parse(string text)
    {
        try
        {
            return Device.Parse(text);
        }
        catch (FormatException e)
        {
            throw new RenderException(PipelineErrorCodes.DeviceUnavailable, $"{e.Message} ('auto' picks CUDA where this pytti has it and a GPU is present).", e);
        }
    }

    // What is missing, in the order a user would fix it: the CUDA runtime package, a driver and GPU, the device index.
    private static void CheckCuda(string text, Device device)
    {
        if (!LibTorchInfo.BuiltWithCuda)
            throw new RenderException(PipelineErrorCodes.DeviceUnavailable,
                $"device '{text}' needs TorchSharp's CUDA libtorch, and this pytti carries the CPU one (TorchSharp-cpu). " +
                "Build or pack pytti with -p:PyttiLibTorchRuntime=cuda (README, 'CUDA'), or render with --device cpu.");
        if (!torch.cuda.is_available())
            throw new RenderException(PipelineErrorCodes.DeviceUnavailable,
                $"device '{text}': this pytti has CUDA's libtorch but finds no CUDA device: the NVIDIA driver is missing or too old for " +
                "CUDA 12.8, or no GPU is visible (check nvidia-smi and CUDA_VISIBLE_DEVICES). Render with --device cpu meanwhile.");
        var count = torch.cuda.device_count();
        if (device.Index >= count)
            throw new RenderException(PipelineErrorCodes.DeviceUnavailable,
                $"device '{text}' does not exist: this machine has {count} CUDA device(s), cuda:0 to cuda:{count - 1}.");
    }
}

/// <summary>A render problem the user can fix; <see cref="Code"/> is one of <see cref="PipelineErrorCodes"/>.</summary>
public sealed class RenderException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>PYTTI300–399: pipeline, media and output errors.</summary>
public static class PipelineErrorCodes
{
    /// <summary>An image, video or audio file cannot be read or written.</summary>
    public const string Media = "PYTTI300";
    /// <summary>The requested device is not available.</summary>
    public const string DeviceUnavailable = "PYTTI301";
    /// <summary>The scene asks for something this build cannot render yet.</summary>
    public const string NotSupported = "PYTTI302";
    /// <summary>The output folder cannot be written.</summary>
    public const string Output = "PYTTI303";
    /// <summary>A loss became NaN or infinite during rendering (a scene value or weight evaluated to nan or overflowed).</summary>
    public const string NonFinite = "PYTTI304";
    /// <summary>A cache record failed a check and was ignored (a warning: the frame renders again).</summary>
    public const string CacheRecordIgnored = "PYTTI305";
    /// <summary>The cache folder cannot be used (not writable, a file or folder where the cache keeps its own).</summary>
    public const string Cache = "PYTTI306";
    /// <summary>Another process held the cache's lock for longer than a render waits.</summary>
    public const string CacheBusy = "PYTTI307";
    /// <summary>The remote cache is down, slow or refusing, or served an object that failed verification (a warning: the frame renders locally).</summary>
    public const string RemoteCache = "PYTTI308";
}
