using Pytti.Engine.Prompts;
using Pytti.Scenes.Expressions;
using Pytti.Torch;
using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Engine.Losses;

/// <summary>
/// PyTTI's wrapper around every non-CLIP loss (reference 6.0): weight w and stop s are expressions
/// evaluated each step; ℓ = raw·sign(w); the value is |w|·ℓ and the gradient that of |w|·max(ℓ, s).
/// A weight written exactly <c>0</c> or a disabled loss contributes nothing.
/// </summary>
public abstract class WeightedLoss(string name, CompiledExpression weight, CompiledExpression? stop) : IDisposable
{
    public string Name { get; } = name;
    public bool Enabled { get; set; } = true;

    /// <summary>The unweighted loss of the decoded image [1, 3, H, W].</summary>
    protected abstract torch.Tensor Raw(torch.Tensor image);

    public LossValue? Evaluate(torch.Tensor image, IReadOnlyDictionary<string, double> variables)
    {
        if (!Enabled || weight.Text.Trim() == "0") return null;
        var w = weight.Evaluate(variables).Number;
        var s = stop?.Evaluate(variables).Number ?? double.NegativeInfinity;
        using var raw = Raw(image);
        var loss = Weighted(raw, w, s);
        return new LossValue(Name, loss, TensorValues.Float64(raw));
    }

    /// <summary>The value |w|·ℓ with the gradient of |w|·max(ℓ, s), ℓ = raw·sign(w).</summary>
    private static torch.Tensor Weighted(torch.Tensor raw, double w, double s)
    {
        using var scope = torch.NewDisposeScope();
        var l = raw * Math.Sign(w);
        var value = l * Math.Abs(w);
        var gradientPath = l.clamp(min: s) * Math.Abs(w);
        return GradientTricks.ReplaceGrad(value, gradientPath).DetachFromDisposeScope();
    }

    public virtual void Dispose() { }
}
