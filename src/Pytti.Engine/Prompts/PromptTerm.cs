using Pytti.Scenes.Expressions;
using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Engine.Prompts;

/// <summary>The value of one loss term this step and its raw (unweighted) measure, for the loss log.</summary>
public sealed record LossValue(string Name, torch.Tensor Loss, double Raw) : IDisposable
{
    public void Dispose() => Loss.Dispose();
}

/// <summary>
/// A CLIP prompt's loss with weight, stop and mask (reference 3.5): distances d_k per cutout element,
/// w_k = a_k·w, σ = sign, τ = max(m_k + min(σ, 0), s), e = σ·d. The value is mean(|w_k|·e_k); the
/// gradient is that of mean(|w_k|·max(e_k, τ_k)), so an element stops pulling once it reaches its stop.
/// </summary>
public abstract class PromptTerm(string name, CompiledExpression weight, CompiledExpression stop, PromptMaskFunction mask,
    CompiledExpression cutoff, double offset) : IDisposable
{
    /// <summary>The loss log's name (<see cref="DisplayNames"/>); the render setup makes it unique among a scene's terms.</summary>
    public string Name { get; internal set; } = name;
    public bool IsDisabled => weight.Text.Trim() == "0";

    /// <summary>Distances [N] between the step's cutout embeddings and this prompt's target, in view order.</summary>
    protected abstract torch.Tensor Distances(CutoutEmbeddings views);

    public LossValue Evaluate(CutoutEmbeddings views, IReadOnlyDictionary<string, double> variables)
    {
        if (IsDisabled) return new LossValue(Name, torch.tensor((float)offset, device: views.Device), offset);
        var (loss, raw) = Loss(views, variables);
        return new LossValue(Name, loss, raw);
    }

    private (torch.Tensor Loss, double Raw) Loss(CutoutEmbeddings views, IReadOnlyDictionary<string, double> variables)
    {
        using var scope = torch.NewDisposeScope();
        var d = Distances(views) + offset;                                       // [N]
        var w = weight.Evaluate(variables).Number;
        var s = stop.Evaluate(variables).Number;
        var (m, a) = mask.Evaluate(views, cutoff.Evaluate(variables).Number);
        var wk = a * w;
        var sigma = wk.sign();
        var nu = sigma.clamp(max: 0.0);
        var tau = (m + nu).clamp(min: s);
        var e = sigma * d;
        var absW = wk.abs();
        var value = (absW * e).mean();
        var gradientPath = (absW * torch.maximum(e, tau)).mean();
        var loss = GradientTricks.ReplaceGrad(value, gradientPath).DetachFromDisposeScope();
        var raw = d.detach().mean().to_type(torch.ScalarType.Float64).item<double>();
        return (loss, raw);
    }

    public virtual void Dispose() => mask.Dispose();
}
