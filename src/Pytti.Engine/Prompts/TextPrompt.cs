using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Scenes.Dsl;
using TorchSharp;

namespace Pytti.Engine.Prompts;

/// <summary>A text prompt: spherical distance of each cutout's embedding to the text's, per perceptor.</summary>
public sealed class TextPrompt(Prompt prompt, RenderAssets? assets = null) : PromptTerm(DisplayNames.Of(prompt.Target), prompt.Weight, prompt.Stop,
    PromptMaskFunction.For(prompt.Mask, assets), prompt.Cutoff, offset: 0)
{
    public string Text { get; } = prompt.Target;

    protected override torch.Tensor Distances(CutoutEmbeddings views)
    {
        using var scope = torch.NewDisposeScope();
        var parts = views.Views.Select(v => SphericalDistance.Compute(v.Embeddings, v.Perceptor.TextEmbedding(Text))).ToList(); // [n_p] each
        return torch.cat(parts).MoveToOuterDisposeScope();
    }
}
