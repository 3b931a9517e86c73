using Pytti.Models.Store;
using TorchSharp;

namespace Pytti.Models.Clip;

/// <summary>
/// Builds perceptors from registered names (<c>ViTB32</c>, <c>ViT-B-32--laion2b_s34b_b79k</c>) or checkpoint paths, fetching
/// through the model store; each with the activation of its origin (<see cref="ClipOrigin"/>).
/// </summary>
public static class PerceptorLoader
{
    public static async Task<PerceptorEnsemble> LoadAsync(ModelStore store, IReadOnlyList<string> references, string? baseDirectory = null,
        torch.Device? device = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var parsed = references.Select(r => ModelReference.Parse(r, baseDirectory)).ToList();
        var tokenizer = ClipTokenizer.Shipped;
        var perceptors = new List<Perceptor>();
        try
        {
            for (var i = 0; i < parsed.Count; i++)
            {
                var path = await parsed[i].ResolveAsync(store, progress, cancellationToken).ConfigureAwait(false);
                var name = parsed[i] is ModelReference.Registered r ? r.Source.Name : Path.GetFileNameWithoutExtension(path);
                perceptors.Add(new Perceptor(name, ClipLoader.Load(path, ClipOrigin.ActivationOf(parsed[i]), device), tokenizer));
            }
            return new PerceptorEnsemble(perceptors);
        }
        catch
        {
            foreach (var p in perceptors) p.Dispose();
            throw;
        }
    }
}
