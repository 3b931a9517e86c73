using Pytti.Engine.Cutouts;
using Pytti.Models.Clip;
using TorchSharp;

namespace Pytti.Engine.Prompts;

/// <summary>One perceptor's view of the image this step: cutout embeddings [n, D] and where the cutouts lie.</summary>
public sealed record PerceptorView(Perceptor Perceptor, torch.Tensor Embeddings, double[,] Offsets, double[,] Sizes)
{
    public int Count => Offsets.GetLength(0);
}

/// <summary>The embeddings of every perceptor's cutouts for one step (or of an image prompt, once).</summary>
public sealed class CutoutEmbeddings(IReadOnlyList<PerceptorView> views) : IDisposable
{
    public IReadOnlyList<PerceptorView> Views { get; } = views;

    /// <summary>Where the embeddings live (the render's device); the CPU when there are none.</summary>
    public torch.Device Device => Views.Count > 0 ? Views[0].Embeddings.device : torch.CPU;

    /// <summary>Total cutout elements over all perceptors (PyTTI's n·C).</summary>
    public int ElementCount => Views.Sum(v => v.Count);

    /// <summary>Samples cutouts of <paramref name="image"/> for each perceptor and embeds them (differentiably).</summary>
    public static CutoutEmbeddings Embed(torch.Tensor image, PerceptorEnsemble ensemble, Func<Perceptor, CutoutSampler> samplers, torch.Generator generator)
    {
        var views = new List<PerceptorView>();
        foreach (var perceptor in ensemble.Perceptors)
        {
            var batch = samplers(perceptor).Sample(image, generator);
            using var pixels = batch.Pixels;
            using var normalized = perceptor.Normalize(pixels);
            var embeddings = perceptor.EncodeImage(normalized).DetachFromDisposeScope();
            views.Add(new PerceptorView(perceptor, embeddings, batch.Offsets, batch.Sizes));
        }
        return new CutoutEmbeddings(views);
    }

    public void Dispose()
    {
        foreach (var v in Views) v.Embeddings.Dispose();
    }
}
