using Pytti.Torch.Native;

namespace Pytti.Torch;

// Autograd: gradients and backward passes.
public sealed partial class Tensor
{
    /// <summary>The accumulated gradient, or null. A new handle each call: dispose it (or let a scope do so).</summary>
    public Tensor? Grad
    {
        get
        {
            Checked.Check(NativeMethods.pt_tensor_grad(Ptr, out var grad));
            return grad == IntPtr.Zero ? null : new Tensor(grad);
        }
        set => Checked.Check(NativeMethods.pt_tensor_set_grad(Ptr, value?.Ptr ?? IntPtr.Zero));
    }

    /// <summary>
    /// The name of the autograd node that made this tensor (PyTorch's <c>grad_fn</c>), e.g. <c>MulBackward0</c>, or
    /// null for a leaf or a tensor made outside autograd. Shows which kernel a fast path actually took.
    /// </summary>
    public unsafe string? GradFnName
    {
        get
        {
            Span<byte> buffer = stackalloc byte[256];
            int length;
            fixed (byte* p = buffer) Checked.Check(NativeMethods.pt_tensor_grad_fn_name(Ptr, p, buffer.Length, out length));
            if (length == 0) return null;
            if (length < buffer.Length) return System.Text.Encoding.UTF8.GetString(buffer[..length]);
            var large = new byte[length + 1];
            fixed (byte* p = large) Checked.Check(NativeMethods.pt_tensor_grad_fn_name(Ptr, p, large.Length, out length));
            return System.Text.Encoding.UTF8.GetString(large, 0, length);
        }
    }

    /// <summary>Clears the gradient (sets it to none, like <c>zero_grad(set_to_none=True)</c>).</summary>
    public void ClearGrad() => Checked.Check(NativeMethods.pt_tensor_set_grad(Ptr, IntPtr.Zero));

    /// <summary>Keeps the gradient of a non-leaf tensor after backward.</summary>
    public void RetainGrad() => Checked.Check(NativeMethods.pt_tensor_retain_grad(Ptr));

    /// <summary>Backpropagates from this tensor (a scalar unless <paramref name="gradient"/> is given).</summary>
    public unsafe void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
    {
        var t = Ptr;
        var g = gradient?.Ptr ?? IntPtr.Zero;
        Checked.Check(NativeMethods.pt_backward(&t, &g, 1, retainGraph ? 1 : 0, createGraph ? 1 : 0));
        GC.KeepAlive(gradient);
    }
}

/// <summary>Functional autograd: gradients of outputs with respect to chosen inputs.</summary>
public static class Autograd
{
    /// <summary>
    /// Like <c>torch.autograd.grad</c>: d(sum of outputs·gradOutputs)/d(inputs). Entries are null for
    /// inputs the outputs do not depend on (when <paramref name="allowUnused"/>).
    /// </summary>
    public static unsafe Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor?>? gradOutputs = null, bool retainGraph = false, bool createGraph = false, bool allowUnused = false)
    {
        var outs = outputs.Select(o => o.Ptr).ToArray();
        var gouts = Enumerable.Range(0, outs.Length).Select(i => gradOutputs?[i]?.Ptr ?? IntPtr.Zero).ToArray();
        var ins = inputs.Select(i => i.Ptr).ToArray();
        var results = new IntPtr[ins.Length];
        fixed (IntPtr* o = outs, go = gouts, i = ins, r = results)
            Checked.Check(NativeMethods.pt_autograd_grad(o, go, outs.Length, i, ins.Length, retainGraph ? 1 : 0, createGraph ? 1 : 0, allowUnused ? 1 : 0, r));
        GC.KeepAlive(outputs);
        GC.KeepAlive(inputs);
        GC.KeepAlive(gradOutputs);
        return results.Select(p => p == IntPtr.Zero ? null : new Tensor(p)).ToArray();
    }
}
