using System.Text.Json;

namespace Pytti.Torch;

/// <summary>
/// The libtorch the bridge was built against (version, CUDA support, oneDNN linear layers), read from
/// <c>libpytti_native.json</c> beside the native library without loading libtorch, so that planning
/// and cache-key computation stay light. Falls back to asking libtorch when the file is absent.
/// </summary>
public static class LibTorchInfo
{
    private static readonly Lazy<(string Version, bool Cuda, bool OneDnn)> _info = new(Read);

    public static string Version => _info.Value.Version;

    /// <summary>Whether the libtorch build has CUDA at all (not whether a GPU is present).</summary>
    public static bool BuiltWithCuda => _info.Value.Cuda;

    /// <summary>
    /// Which GEMM frozen linear layers use: "onednn" when the bridge was built with oneDNN and <c>PYTTI_ONEDNN</c> is
    /// not <c>0</c> ("onednn-plain" when <c>PYTTI_ONEDNN_PACK=0</c> keeps the input gradient off packed weights), else
    /// "aten". They agree to fp32 rounding, not bit for bit, so frame keys record it.
    /// </summary>
    public static string LinearBackend =>
        !_info.Value.OneDnn || Environment.GetEnvironmentVariable("PYTTI_ONEDNN") == "0" ? "aten"
        : Environment.GetEnvironmentVariable("PYTTI_ONEDNN_PACK") == "0" ? "onednn-plain" : "onednn";

    private static (string, bool, bool) Read()
    {
        var dir = Path.GetDirectoryName(typeof(LibTorchInfo).Assembly.Location);
        var native = Environment.GetEnvironmentVariable("PYTTI_NATIVE_LIB");
        foreach (var candidate in new[] { native is { Length: > 0 } ? Path.ChangeExtension(native, ".json") : null, dir is null ? null : Path.Combine(dir, "libpytti_native.json") })
        {
            if (candidate is null || !File.Exists(candidate)) continue;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(candidate));
                var root = doc.RootElement;
                var oneDnn = root.TryGetProperty("onednn", out var flag) && flag.ValueKind == JsonValueKind.True;
                return (root.GetProperty("torch_version").GetString()!, root.GetProperty("cuda").GetBoolean(), oneDnn);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                break;   // unreadable: ask libtorch itself
            }
        }
        return (LibTorch.Version, LibTorch.CudaIsAvailable, LibTorch.OneDnnLinear);
    }
}
