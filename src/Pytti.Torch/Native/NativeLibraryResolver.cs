using System.Reflection;
using System.Runtime.InteropServices;

namespace Pytti.Torch.Native;

/// <summary>
/// Finds libpytti_native.so: <c>PYTTI_NATIVE_LIB</c> if set, else next to Pytti.Torch.dll, else the
/// default search. One resolver for the assembly, registered once.
/// </summary>
internal static class NativeLibraryResolver
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library) return IntPtr.Zero;
        foreach (var candidate in Candidates(assembly))
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
                return handle;
        }
        if (NativeLibrary.TryLoad("libpytti_native.so", assembly, searchPath, out var fallback))
            return fallback;
        throw new DllNotFoundException(
            "Cannot load libpytti_native.so, the libtorch bridge. Build the solution with 'dotnet build' " +
            "(it compiles src/native with CMake; run build/setup.sh first to install libtorch-dev), " +
            "or set PYTTI_NATIVE_LIB to the library's path.");
    }

    private static IEnumerable<string> Candidates(Assembly assembly)
    {
        var env = Environment.GetEnvironmentVariable("PYTTI_NATIVE_LIB");
        if (!string.IsNullOrEmpty(env)) yield return env;
        var dir = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(dir)) yield return Path.Combine(dir, "libpytti_native.so");
        yield return Path.Combine(AppContext.BaseDirectory, "libpytti_native.so");
    }
}
