using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Scenes.Dsl;
using TorchSharp;

namespace Pytti.Engine.Prompts;

/// <summary>
/// A prompt's mask (reference 3.7): per cutout element a mask stop <c>m</c> and a weight factor
/// <c>a</c>. Letter masks use the cutout geometry as documented (PyTTI swaps position and size for
/// masks written in the prompt text; we do not: <c>r</c> means the right half, as users read it; the
/// same holds for image masks, whose boxes are taken where the cutouts really lie).
/// </summary>
public abstract class PromptMaskFunction : IDisposable
{
    /// <summary>(m [N], a [N]) for the view's elements, N = total over perceptors, in view order.</summary>
    public abstract (torch.Tensor Stop, torch.Tensor Factor) Evaluate(CutoutEmbeddings views, double cutoff);

    public virtual void Dispose() { }

    /// <param name="assets">Reads the file of an image mask (<c>_[path]</c>); needed only for those.</param>
    public static PromptMaskFunction For(PromptMask mask, RenderAssets? assets = null)
    {
        return mask.Kind switch
        {
            MaskKind.All => new GeometricMask(_ => false, allOpen: true),
            MaskKind.Right => new GeometricMask(e => e.CentreX < e.Cutoff),
            MaskKind.Left => new GeometricMask(e => e.CentreX > e.Cutoff),
            MaskKind.Down => new GeometricMask(e => e.CentreY < e.Cutoff),
            MaskKind.Up => new GeometricMask(e => e.CentreY > e.Cutoff),
            MaskKind.Near => new GeometricMask(e => e.MinSize < e.Cutoff),
            MaskKind.Far => new GeometricMask(e => e.MinSize > e.Cutoff),
            MaskKind.Semantic => new SemanticMask(mask.Target!),
            MaskKind.Image => ImageMask.Load(mask, assets ?? throw new ArgumentNullException(nameof(assets), $"the {mask} mask needs the render's assets to read its file")),
            MaskKind.Video => VideoMask.Load(mask, assets ?? throw new ArgumentNullException(nameof(assets), $"the {mask} mask needs the render's assets to read its video")),
            _ => throw new NotSupportedException($"{mask} masks are not supported yet."),
        };
    }
}

/// <summary>Where a cutout element lies, as fractions of the image.</summary>
public readonly record struct CutoutGeometry(double CentreX, double CentreY, double MinSize, double Cutoff);

internal sealed class GeometricMask(Func<CutoutGeometry, bool> suppressed, bool allOpen = false) : PromptMaskFunction
{
    public override (torch.Tensor Stop, torch.Tensor Factor) Evaluate(CutoutEmbeddings views, double cutoff)
    {
        var values = new List<float>();
        foreach (var view in views.Views)
        {
            for (var k = 0; k < view.Count; k++)
            {
                var g = new CutoutGeometry(view.Offsets[k, 0] + view.Sizes[k, 0] / 2, view.Offsets[k, 1] + view.Sizes[k, 1] / 2,
                    Math.Min(view.Sizes[k, 0], view.Sizes[k, 1]), cutoff);
                values.Add(allOpen ? float.NegativeInfinity : suppressed(g) ? 1f : 0f);
            }
        }
        return (torch.tensor(values.ToArray(), device: views.Device), torch.ones(values.Count, torch.float32, views.Device));
    }
}

/// <summary>
/// <c>_text</c>: with the default cutoff a cutout is pulled only while it is further from the prompt
/// than from the mask text; with another cutoff c, cutouts whose distance to the mask text exceeds
/// 0.3·c + 0.7 are suppressed.
/// </summary>
internal sealed class SemanticMask(string text) : PromptMaskFunction
{
    public override (torch.Tensor Stop, torch.Tensor Factor) Evaluate(CutoutEmbeddings views, double cutoff)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var distances = torch.cat(views.Views.Select(v => SphericalDistance.Compute(v.Embeddings.detach(), v.Perceptor.TextEmbedding(text))).ToList());
        var isDefault = Math.Abs(cutoff - double.Parse(Prompt.DefaultCutoff, System.Globalization.CultureInfo.InvariantCulture)) < 1e-12;
        var stop = isDefault ? distances : distances.gt(0.3 * cutoff + 0.7).to_type(torch.float32);
        return (stop.MoveToOuterDisposeScope(), torch.ones(views.ElementCount, torch.float32, views.Device).MoveToOuterDisposeScope());
    }
}
