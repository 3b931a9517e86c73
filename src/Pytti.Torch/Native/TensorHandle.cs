using System.Runtime.InteropServices;

namespace Pytti.Torch.Native;

/// <summary>Owns one native <c>at::Tensor</c> reference; released exactly once, by Dispose or the finalizer.</summary>
internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.pt_tensor_free(handle);
        return true;
    }
}
