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

    /// <summary>Backpropagates from this tensor (a scalar unless <paramref name="gradient"/> is given); see <see cref="Ops.CheckedAutograd"/>.</summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false) =>
        Ops.CheckedAutograd.Backward(Torch, gradient?.Torch, retainGraph, createGraph);
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
        var gouts = gradOutputs?.Select(g => g?.Torch).ToList();
        var results = Ops.CheckedAutograd.Grad(outputs.Select(o => o.Torch).ToList(), inputs.Select(i => i.Torch).ToList(),
            gouts, retainGraph, createGraph, allowUnused);
        return results.Select(r => r?.Own()).ToArray();
    }
}
