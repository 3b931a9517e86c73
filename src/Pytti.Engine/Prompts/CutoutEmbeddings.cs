using Pytti.Engine.Cutouts;
using Pytti.Models.Clip;
using Pytti.Torch;

namespace Pytti.Engine.Prompts;

/// <summary>One perceptor's view of the image this step: cutout embeddings [n, D] and where the cutouts lie.</summary>
public sealed record PerceptorView(Perceptor Perceptor, Tensor Embeddings, double[,] Offsets, double[,] Sizes)
{
    public int Count => Offsets.GetLength(0);
}

/// <summary>The embeddings of every perceptor's cutouts for one step (or of an image prompt, once).</summary>
public sealed class CutoutEmbeddings(IReadOnlyList<PerceptorView> views) : IDisposable
{
    public IReadOnlyList<PerceptorView> Views { get; } = views;

    /// <summary>Total cutout elements over all perceptors (PyTTI's n·C).</summary>
    public int ElementCount => Views.Sum(v => v.Count);

    /// <summary>Samples cutouts of <paramref name="image"/> for each perceptor and embeds them (differentiably).</summary>
    public static CutoutEmbeddings Embed(Tensor image, PerceptorEnsemble ensemble, Func<Perceptor, CutoutSampler> samplers, Generator generator)
    {
        var views = new List<PerceptorView>();
        foreach (var perceptor in ensemble.Perceptors)
        {
            var batch = samplers(perceptor).Sample(image.Torch, generator.Torch);   // Wrapper boundary: goes when prompts are on TorchSharp types
            using var pixels = Tensor.Wrap(batch.Pixels);                           // takes the batch's pixels over
            using var normalized = perceptor.Normalize(pixels);
            var embeddings = perceptor.EncodeImage(normalized).DetachFromScopes();
            views.Add(new PerceptorView(perceptor, embeddings, batch.Offsets, batch.Sizes));
        }
        return new CutoutEmbeddings(views);
    }

    public void Dispose()
    {
        foreach (var v in Views) v.Embeddings.Dispose();
    }
}
