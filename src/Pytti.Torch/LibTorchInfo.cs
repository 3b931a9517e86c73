using System.Reflection;

namespace Pytti.Torch;

/// <summary>
/// What renders run on, known without loading libtorch (so that planning and cache-key computation stay light): the
/// libtorch version of the TorchSharp runtime package this assembly was built against, and the backend.
/// </summary>
public static class LibTorchInfo
{
    // What the build recorded in this assembly's metadata (build/TorchSharp.targets), read once.
    private static readonly Lazy<IReadOnlyDictionary<string, string?>> _metadata = new(() =>
        typeof(LibTorchInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.First().Value));

    /// <summary>libtorch's version, from the runtime package (<c>libtorch-cpu-*</c> 2.10.0 → <c>2.10.0</c>).</summary>
    public static string Version => _metadata.Value.GetValueOrDefault("LibTorchVersion") ?? "unknown";

    /// <summary>The runtime package family the build references: <c>cpu</c> (TorchSharp-cpu's libtorch) or <c>cuda</c>.</summary>
    public static string Runtime => _metadata.Value.GetValueOrDefault("LibTorchRuntime") ?? "cpu";

    /// <summary>Whether the referenced runtime has CUDA at all (not whether a GPU is present).</summary>
    public static bool BuiltWithCuda => Runtime == "cuda";

    /// <summary>
    /// Which kernels linear layers use, recorded in frame keys: TorchSharp runs libtorch's own operators
    /// (<c>torchsharp-aten</c>); renders made by the earlier native bridge (oneDNN) never match these keys.
    /// </summary>
    public static string LinearBackend => "torchsharp-aten";
}
