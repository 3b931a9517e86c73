using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Expressions;
using TorchSharp;

namespace Pytti.Engine.Prompts;

/// <summary>
/// A semantic image prompt (reference 3.6): the image is cut and embedded once; every step each
/// stored cutout is compared with the current cutout nearest to where it was taken (an optimal
/// one-to-one assignment of cutout centres), and distances are offset by 0.7.
/// </summary>
public sealed class ImagePrompt : PromptTerm
{
    public const double Offset = 0.7;
    private CutoutEmbeddings _stored;

    public ImagePrompt(string name, CompiledExpression weight, CompiledExpression stop, PromptMask mask, CompiledExpression cutoff, CutoutEmbeddings stored,
        RenderAssets? assets = null)
        : base(name, weight, stop, PromptMaskFunction.For(mask, assets), cutoff, Offset)
    {
        _stored = stored;
    }

    public static ImagePrompt From(Prompt prompt, CutoutEmbeddings stored, RenderAssets? assets = null) =>
        new(DisplayNames.Image(prompt.Target), prompt.Weight, prompt.Stop, prompt.Mask, prompt.Cutoff, stored, assets);

    /// <summary>Replaces the stored embeddings (semantic stabilisation takes a new image each frame).</summary>
    public void Replace(CutoutEmbeddings stored)
    {
        _stored.Dispose();
        _stored = stored;
    }

    protected override torch.Tensor Distances(CutoutEmbeddings views)
    {
        using var scope = torch.NewDisposeScope();
        var parts = new List<torch.Tensor>();
        for (var p = 0; p < views.Views.Count; p++)
        {
            var current = views.Views[p];
            var stored = _stored.Views[p];
            var order = Assignment.Match(Centres(stored), Centres(current));   // stored k <-> current order[k]
            var reordered = current.Embeddings.index_select(0, torch.tensor(order.Select(i => (long)i).ToArray(), device: current.Embeddings.device));
            parts.Add(SphericalDistance.Compute(reordered, stored.Embeddings));
        }
        return torch.cat(parts).MoveToOuterDisposeScope();
    }

    private static (double X, double Y)[] Centres(PerceptorView view) =>
        Enumerable.Range(0, view.Count).Select(k => (view.Offsets[k, 0] + view.Sizes[k, 0] / 2, view.Offsets[k, 1] + view.Sizes[k, 1] / 2)).ToArray();

    public override void Dispose()
    {
        base.Dispose();
        _stored.Dispose();
    }
}
