using System.Text.Json;

namespace Pytti.Torch;

/// <summary>
/// The libtorch the bridge was built against (version, CUDA support), read from
/// <c>libpytti_native.json</c> beside the native library without loading libtorch, so that planning
/// and cache-key computation stay light. Falls back to asking libtorch when the file is absent.
/// </summary>
public static class LibTorchInfo
{
    private static readonly Lazy<(string Version, bool Cuda)> _info = new(Read);

    public static string Version => _info.Value.Version;

    /// <summary>Whether the libtorch build has CUDA at all (not whether a GPU is present).</summary>
    public static bool BuiltWithCuda => _info.Value.Cuda;

    private static (string, bool) Read()
    {
        var dir = Path.GetDirectoryName(typeof(LibTorchInfo).Assembly.Location);
        var native = Environment.GetEnvironmentVariable("PYTTI_NATIVE_LIB");
        foreach (var candidate in new[] { native is { Length: > 0 } ? Path.ChangeExtension(native, ".json") : null, dir is null ? null : Path.Combine(dir, "libpytti_native.json") })
        {
            if (candidate is null || !File.Exists(candidate)) continue;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(candidate));
                return (doc.RootElement.GetProperty("torch_version").GetString()!, doc.RootElement.GetProperty("cuda").GetBoolean());
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                break;   // unreadable: ask libtorch itself
            }
        }
        return (LibTorch.Version, LibTorch.CudaIsAvailable);
    }
}
