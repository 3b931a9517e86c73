using System.Runtime.InteropServices;

namespace Pytti.Torch.Native;

/// <summary>Layer 2: turns a failed native call into a <see cref="TorchException"/> with libtorch's message.</summary>
internal static class Checked
{
    public static void Check(int rc)
    {
        if (rc != 0) throw new TorchException(LastError());
    }

    public static string LastError() => Marshal.PtrToStringUTF8(NativeMethods.pt_last_error()) ?? "unknown libtorch error";
}
