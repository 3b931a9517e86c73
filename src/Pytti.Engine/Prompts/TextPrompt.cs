using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Scenes.Dsl;
using Pytti.Torch;

namespace Pytti.Engine.Prompts;

/// <summary>A text prompt: spherical distance of each cutout's embedding to the text's, per perceptor.</summary>
public sealed class TextPrompt(Prompt prompt, RenderAssets? assets = null) : PromptTerm(DisplayNames.Of(prompt.Target), prompt.Weight, prompt.Stop,
    PromptMaskFunction.For(prompt.Mask, assets), prompt.Cutoff, offset: 0)
{
    public string Text { get; } = prompt.Target;

    protected override Tensor Distances(CutoutEmbeddings views)
    {
        using var scope = LibTorch.NewDisposeScope();
        var parts = views.Views.Select(v => SphericalDistance.Compute(v.Embeddings, v.Perceptor.EncodeText(Text))).ToArray(); // [n_p] each
        return Tensor.Cat(parts).MoveToOuterScope();
    }
}
