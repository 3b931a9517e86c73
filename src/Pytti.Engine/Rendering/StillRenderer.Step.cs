using Pytti.Engine.Prompts;
using Pytti.Scenes.Planning;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;
using Adam = TorchSharp.Modules.Adam;

namespace Pytti.Engine.Rendering;

/// <summary>One optimiser step of the render loop.</summary>
public sealed partial class StillRenderer
{
    /// <summary>
    /// One optimiser step: the image model's and the weighted losses' terms, then per gradient-accumulation micro-step
    /// the prompts' terms on fresh cutouts, summed and backpropagated; Adam steps once.
    /// </summary>
    private StepRecord Train(StepInfo step, Adam adam)
    {
        var variables = Variables(step);
        adam.ClearGrads();
        using var image = _model.DecodeTraining();
        var raw = new Dictionary<string, double>();
        var fixedTerms = FixedTerms(image, variables, raw);
        double total;
        try
        {
            total = Backward(step, image, fixedTerms, raw, variables);
        }
        finally
        {
            foreach (var t in fixedTerms) t.Dispose();
        }
        adam.step();
        _model.Update();
        adam.ClearGrads();
        return new StepRecord(step.Index, _plan.TotalSteps, step.Scene, step.T, raw, total) { Frame = _plan.FrameOf(step.Index).Index };
    }

    /// <summary>
    /// The terms every micro-step shares: the weighted losses', then the image model's own (owned by the caller).
    /// Called outside any TorchSharp scope: the losses build their targets on their first evaluation and keep them.
    /// </summary>
    private List<torch.Tensor> FixedTerms(torch.Tensor image, IReadOnlyDictionary<string, double> variables, Dictionary<string, double> raw)
    {
        var terms = new List<torch.Tensor>();
        foreach (var loss in _losses)
        {
            if (loss.Evaluate(image, variables) is not { } value) continue;
            raw[value.Name] = value.Raw;
            terms.Add(value.Loss);
        }
        foreach (var term in _model.ImageLosses())
        {
            using var measure = term.Raw;
            raw[term.Name] = TensorValues.Float64(measure);
            terms.Add(term.Value);
        }
        return terms;
    }

    /// <summary>The micro-steps: prompts on fresh cutouts plus <paramref name="fixedTerms"/>, backpropagated; returns the summed value.</summary>
    private double Backward(StepInfo step, torch.Tensor image, List<torch.Tensor> fixedTerms, Dictionary<string, double> raw,
        IReadOnlyDictionary<string, double> variables)
    {
        using var scope = torch.NewDisposeScope();
        var gas = _doc.Values.GradientAccumulationSteps;
        double total = 0;
        for (var micro = 0; micro < gas; micro++)
        {
            using var embeddings = CutoutEmbeddings.Embed(image, _perceptors, p => _samplers[p], Random);
            var terms = new List<torch.Tensor>(fixedTerms);
            AddPrompts(terms, raw, embeddings, _prompts.Scene(step.Scene), step.Tau, variables);
            if (step.IsInterpolating)
                AddPrompts(terms, raw, embeddings, _prompts.Scene(step.PreviousScene), 1 - step.Tau, variables);
            if (terms.Count == 0) continue;
            var sum = terms.Aggregate((a, b) => a + b) / gas;
            total += TensorValues.Float64(sum);
            if (sum.requires_grad) CheckedAutograd.Backward(sum, null, retainGraph: micro < gas - 1, createGraph: false);
        }
        return total;
    }

    private void AddPrompts(List<torch.Tensor> terms, Dictionary<string, double> raw, CutoutEmbeddings embeddings,
        IReadOnlyList<PromptTerm> prompts, double factor, IReadOnlyDictionary<string, double> variables)
    {
        foreach (var prompt in prompts)
        {
            using var value = _frameLosses.Disabled(prompt, embeddings.Device) ?? prompt.Evaluate(embeddings, variables);
            raw[value.Name] = value.Raw;
            terms.Add(value.Loss * factor);
        }
    }
}
