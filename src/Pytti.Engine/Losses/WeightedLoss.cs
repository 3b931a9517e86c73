using Pytti.Engine.Prompts;
using Pytti.Scenes.Expressions;
using Pytti.Torch;

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
    protected abstract Tensor Raw(Tensor image);

    public LossValue? Evaluate(Tensor image, IReadOnlyDictionary<string, double> variables)
    {
        if (!Enabled || weight.Text.Trim() == "0") return null;
        using var scope = LibTorch.NewDisposeScope();
        var w = weight.Evaluate(variables).Number;
        var s = stop?.Evaluate(variables).Number ?? double.NegativeInfinity;
        var raw = Raw(image);
        var l = raw * Math.Sign(w);
        var value = l * Math.Abs(w);
        var gradientPath = l.Clamp(min: s) * Math.Abs(w);
        var loss = GradientOps.ReplaceGrad(value, gradientPath).MoveToOuterScope();
        return new LossValue(Name, loss, raw.Detach().Item());
    }

    public virtual void Dispose() { }
}
