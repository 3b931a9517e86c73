using Pytti.Torch;

namespace Pytti.Models.Clip;

/// <summary>Several perceptors used together, as PyTTI ensembles them: every model counts equally.</summary>
public sealed class PerceptorEnsemble(IReadOnlyList<Perceptor> perceptors) : IDisposable
{
    public IReadOnlyList<Perceptor> Perceptors { get; } = perceptors.Count > 0
        ? perceptors
        : throw new ArgumentException("An ensemble needs at least one perceptor; select at least one CLIP model.");

    /// <summary>
    /// Cosine similarity of every image ([1,3,H,W] in [0,1]) with every text, per perceptor:
    /// result[p][i, t]. The ensemble score is the mean over perceptors.
    /// </summary>
    public double[][,] CosineSimilarities(IReadOnlyList<Tensor> images, IReadOnlyList<string> texts)
    {
        using var noGrad = LibTorch.NoGrad();
        var result = new double[Perceptors.Count][,];
        for (var p = 0; p < Perceptors.Count; p++)
        {
            using var scope = LibTorch.NewDisposeScope();
            var perceptor = Perceptors[p];
            var batch = Tensor.Cat(images.Select(perceptor.Preprocess).ToArray());
            var imageFeatures = Functional.Normalize(perceptor.EncodeImage(batch), dim: -1);
            var textFeatures = Functional.Normalize(Tensor.Cat(texts.Select(perceptor.EncodeText).ToArray()), dim: -1);
            var sims = Functional.MatMul(imageFeatures, textFeatures.T()).To(DType.Float64).ToArray<double>();
            result[p] = new double[images.Count, texts.Count];
            for (var i = 0; i < images.Count; i++)
                for (var t = 0; t < texts.Count; t++) result[p][i, t] = sims[i * texts.Count + t];
        }
        return result;
    }

    public void Dispose()
    {
        foreach (var p in Perceptors) p.Dispose();
    }
}
