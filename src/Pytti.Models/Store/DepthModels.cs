namespace Pytti.Models.Store;

/// <summary>
/// Depth Anything V2 checkpoints, as published on Hugging Face by the authors (<c>depth-anything/Depth-Anything-V2-*</c>),
/// stored as <c>&lt;store&gt;/depth/&lt;file&gt;</c>. Their SHA-256 digests are not recorded here yet, so each is a
/// <see cref="PinnableModel"/>: the store fetches it once the user pins the digest shown on its page. Data only.
/// </summary>
public static class DepthModels
{
    public const string Kind = "depth";

    private const string NonCommercial = "CC-BY-NC-4.0 (huggingface.co/depth-anything)";

    /// <summary>ViT-S, the scene default <c>depth_model: depth-anything-v2-small</c>.</summary>
    public static PinnableModel Small { get; } = Create("depth-anything-v2-small", "Small", "vits", "Apache-2.0 (huggingface.co/depth-anything)");

    public static PinnableModel Base { get; } = Create("depth-anything-v2-base", "Base", "vitb", NonCommercial);

    public static PinnableModel Large { get; } = Create("depth-anything-v2-large", "Large", "vitl", NonCommercial);

    public static IReadOnlyList<PinnableModel> All { get; } = [Small, Base, Large];

    private static PinnableModel Create(string name, string size, string encoder, string license)
    {
        var repository = $"https://huggingface.co/depth-anything/Depth-Anything-V2-{size}";
        var file = $"depth_anything_v2_{encoder}.pth";
        return new PinnableModel(name, Kind, file, new Uri($"{repository}/resolve/main/{file}"), new Uri($"{repository}/blob/main/{file}"), license);
    }
}
