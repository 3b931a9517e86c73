using Pytti.Torch;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// PyTTI's <c>EMAImage</c> average of a parameter (reference 5.3), Katherine Crowson's bias-corrected
/// exponential moving average: <c>accum ← accum·decay</c>, <c>biased ← decay·biased + (1 − decay)·x</c>,
/// <c>average ← biased / (1 − accum)</c>. The three tensors belong to the image model (its buffers
/// <c>biased</c>, <c>average</c>, <c>accum</c>); this class only updates them.
/// </summary>
public sealed class VqganEma(Tensor biased, Tensor average, Tensor accum, double decay)
{
    public double Decay { get; } = decay;

    /// <summary>Folds <paramref name="value"/> (shaped like the average) into the average; no gradient.</summary>
    public void Update(Tensor value)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        accum.Mul_(Decay);
        biased.Mul_(Decay);
        biased.Add_(value * (1 - Decay));                                       // PyTTI: biased.add_((1 - decay) * x)
        average.CopyFrom_(biased);
        average.Div_(1.0 - accum);                                              // [] broadcast over the average
    }

    /// <summary>Forgets the history: <c>biased = 0</c>, <c>accum = 1</c>, then one update, so the average is <paramref name="value"/>.</summary>
    public void Reset(Tensor value)
    {
        using (LibTorch.NoGrad())
        {
            biased.Zero_();
            average.Zero_();
            accum.Fill_(1.0);
        }
        Update(value);
    }
}
