using TS = TorchSharp;

namespace Pytti.Torch;

// Autograd: gradients and backward passes.
public sealed partial class Tensor
{
    /// <summary>The accumulated gradient, or null. A new handle each call: dispose it (or let a scope do so).</summary>
    public Tensor? Grad
    {
        get => Torch.grad.OwnOrNull();
        set => Torch.grad = value?.Torch;
    }

    /// <summary>Clears the gradient (sets it to none, like <c>zero_grad(set_to_none=True)</c>).</summary>
    public void ClearGrad() => Torch.grad = null;

    /// <summary>Keeps the gradient of a non-leaf tensor after backward.</summary>
    public void RetainGrad() => Torch.retain_grad();

    /// <summary>Backpropagates from this tensor (a scalar unless <paramref name="gradient"/> is given).</summary>
    /// <remarks>
    /// Through <c>torch.autograd.backward</c>: TorchSharp 0.107's <c>Tensor.backward</c> lets libtorch's errors (a second
    /// backward through a freed graph) end the process, while this one raises them as .NET exceptions.
    /// </remarks>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
    {
        try
        {
            if (gradient is null) TS.torch.autograd.backward(Torch, (IList<TS.torch.Tensor>?)null, retainGraph, createGraph);
            else TS.torch.autograd.backward(Torch, gradient.Torch, retainGraph, createGraph);
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            throw new TorchException(e.Message.Split('\n', 2)[0].Trim());
        }
    }
}

/// <summary>Functional autograd: gradients of outputs with respect to chosen inputs.</summary>
public static class Autograd
{
    /// <summary>
    /// Like <c>torch.autograd.grad</c>: d(sum of outputs·gradOutputs)/d(inputs). Entries are null for
    /// inputs the outputs do not depend on (when <paramref name="allowUnused"/>).
    /// </summary>
    public static Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor?>? gradOutputs = null, bool retainGraph = false, bool createGraph = false, bool allowUnused = false)
    {
        // TorchSharp lets libtorch's refusal here end the process: checked first, as a .NET exception.
        for (var i = 0; i < outputs.Count; i++)
            if (!outputs[i].RequiresGrad)
                throw new TorchException($"element {i} of the outputs does not require grad and has no grad_fn.");
        for (var i = 0; i < inputs.Count; i++)
            if (!inputs[i].RequiresGrad)
                throw new TorchException($"element {i} of the inputs does not require grad.");
        var gouts = gradOutputs is null ? null : Enumerable.Range(0, outputs.Count).Select(i => gradOutputs[i]?.Torch!).ToList();
        var results = TS.torch.autograd.grad(outputs.Select(o => o.Torch).ToList(), inputs.Select(i => i.Torch).ToList(),
            gouts, retainGraph || createGraph, createGraph, allowUnused);   // PyTorch: retain_graph defaults to create_graph
        return results.Select(r => r is null || r.IsInvalid ? null : r.Own()).ToArray();
    }
}
