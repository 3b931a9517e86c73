using System.Runtime.InteropServices;
using TorchSharp;

namespace Pytti.Torch.Ops;

/// <summary>
/// Backward passes that raise libtorch's refusals as <see cref="TorchException"/>: TorchSharp 0.107's <c>Tensor.backward</c>
/// and <c>autograd.grad</c> let some of them (a second backward through a freed graph, an input without gradient) end the process.
/// </summary>
public static class CheckedAutograd
{
    /// <summary>Backpropagates from <paramref name="output"/> (a scalar unless <paramref name="gradient"/> is given).</summary>
    public static void Backward(this torch.Tensor output, torch.Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
    {
        try
        {
            if (gradient is null) torch.autograd.backward(output, (IList<torch.Tensor>?)null, retainGraph, createGraph);
            else torch.autograd.backward(output, gradient, retainGraph, createGraph);
        }
        catch (ExternalException e)
        {
            throw new TorchException(e.Message.Split('\n', 2)[0].Trim());
        }
    }

    /// <summary>
    /// Like <c>torch.autograd.grad</c>: d(sum of outputs·gradOutputs)/d(inputs). Entries are null for inputs the outputs
    /// do not depend on (when <paramref name="allowUnused"/>). The caller owns the results.
    /// </summary>
    public static torch.Tensor?[] Grad(IReadOnlyList<torch.Tensor> outputs, IReadOnlyList<torch.Tensor> inputs,
        IReadOnlyList<torch.Tensor?>? gradOutputs = null, bool retainGraph = false, bool createGraph = false, bool allowUnused = false)
    {
        for (var i = 0; i < outputs.Count; i++)
            if (!outputs[i].requires_grad)
                throw new TorchException($"element {i} of the outputs does not require grad and has no grad_fn.");
        for (var i = 0; i < inputs.Count; i++)
            if (!inputs[i].requires_grad)
                throw new TorchException($"element {i} of the inputs does not require grad.");
        var gouts = gradOutputs is null ? null : Enumerable.Range(0, outputs.Count).Select(i => gradOutputs[i]!).ToList();
        var results = torch.autograd.grad(outputs.ToList(), inputs.ToList(), gouts,
            retainGraph || createGraph, createGraph, allowUnused);   // PyTorch: retain_graph defaults to create_graph
        return results.Select(Defined).ToArray();
    }

    // An input the outputs do not depend on comes back as an undefined tensor: released, and null instead.
    private static torch.Tensor? Defined(torch.Tensor? result)
    {
        if (result is null || !result.IsInvalid) return result;
        result.Dispose();
        return null;
    }
}
