namespace Pytti.Models.Store;

/// <summary>Every model file the product knows by name and digest, across kinds (CLIP, VQGAN, depth, RAFT).</summary>
public static class ModelRegistry
{
    public static IReadOnlyList<ModelSource> All { get; } =
        [.. OpenAiClipModels.All, .. OpenClipModels.All, .. VqganModels.All, .. DepthModels.All, .. FlowModels.All];

    /// <summary>By PyTTI name (<c>ViTB32</c>, case-insensitive), by OpenAI's name (<c>ViT-B/32</c>) or by mmc's OpenCLIP id (<c>ViT-B-32--laion2b_s34b_b79k</c>).</summary>
    public static ModelSource? Find(string name)
    {
        var canonical = OpenAiClipModels.FromOpenAiName(name) ?? name;
        return All.FirstOrDefault(source => string.Equals(source.Name, canonical, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The models of one kind a user can name (for error messages listing the choices).</summary>
    public static IReadOnlyList<ModelSource> Selectable(string kind) =>
        [.. All.Where(source => source.Kind == kind)];
}
