using Pytti.Engine.Prompts;

namespace Pytti.Engine.Rendering;

/// <summary>The CLIP prompt terms of each scene, built once (text embeddings cached by the perceptors).</summary>
public sealed class PromptSet(IReadOnlyList<List<PromptTerm>> scenes) : IDisposable
{
    public IReadOnlyList<PromptTerm> Scene(int index) => scenes[index];

    public int Count => scenes.Count;

    public void Dispose()
    {
        foreach (var term in scenes.SelectMany(s => s).Distinct()) term.Dispose();
    }
}
