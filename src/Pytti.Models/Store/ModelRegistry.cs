namespace Pytti.Models.Store;

/// <summary>Every model file the product knows by name, across kinds (CLIP for now).</summary>
public static class ModelRegistry
{
    public static IReadOnlyList<ModelSource> All { get; } = [.. OpenAiClipModels.All, OpenAiClipModels.BpeVocabulary, .. VqganModels.All];

    /// <summary>By PyTTI name (<c>ViTB32</c>, case-insensitive) or by OpenAI's name (<c>ViT-B/32</c>).</summary>
    public static ModelSource? Find(string name)
    {
        var canonical = OpenAiClipModels.FromOpenAiName(name) ?? name;
        return All.FirstOrDefault(source => string.Equals(source.Name, canonical, StringComparison.OrdinalIgnoreCase));
    }
}
