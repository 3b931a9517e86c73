using TorchSharp;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// PyTTI's <c>EMAImage</c> average of a parameter (reference 5.3), Katherine Crowson's bias-corrected
/// exponential moving average: <c>accum ← accum·decay</c>, <c>biased ← decay·biased + (1 − decay)·x</c>,
/// <c>average ← biased / (1 − accum)</c>. The three tensors belong to the image model (its buffers
/// <c>biased</c>, <c>average</c>, <c>accum</c>); this class only updates them.
/// </summary>
public sealed class VqganEma(torch.Tensor biased, torch.Tensor average, torch.Tensor accum, double decay)
{
    public double Decay { get; } = decay;

    /// <summary>Folds <paramref name="value"/> (shaped like the average) into the average; no gradient.</summary>
    public void Update(torch.Tensor value)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();                              // also takes the handles the in-place ops return
        accum.mul_(Decay);
        biased.mul_(Decay);
        biased.add_(value * (1 - Decay));                                       // PyTTI: biased.add_((1 - decay) * x)
        average.copy_(biased);
        average.div_(accum.neg().add(1.0));                                     // 1 − accum as −accum + 1 (ATen's rsub); [] broadcast
    }

    /// <summary>Forgets the history: <c>biased = 0</c>, <c>accum = 1</c>, then one update, so the average is <paramref name="value"/>.</summary>
    public void Reset(torch.Tensor value)
    {
        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            biased.zero_();
            average.zero_();
            accum.fill_(1.0);
        }
        Update(value);
    }
}
