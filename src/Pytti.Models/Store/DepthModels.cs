namespace Pytti.Models.Store;

/// <summary>
/// Depth Anything V2 checkpoints, as published on Hugging Face by the authors (<c>depth-anything/Depth-Anything-V2-*</c>),
/// stored as <c>&lt;store&gt;/depth/&lt;file&gt;</c>. The SHA-256 of each is the one its Hugging Face file page shows
/// (the LFS "SHA256", read from the model repositories' public records). Data only.
/// </summary>
public static class DepthModels
{
    public const string Kind = "depth";

    private const string NonCommercial = "CC-BY-NC-4.0 (huggingface.co/depth-anything)";

    /// <summary>ViT-S, the scene default <c>depth_model: depth-anything-v2-small</c> (99,218,434 bytes).</summary>
    public static ModelSource Small { get; } = Create("depth-anything-v2-small", "Small", "vits",
        "715fade13be8f229f8a70cc02066f656f2423a59effd0579197bbf57860e1378", "Apache-2.0 (huggingface.co/depth-anything)");

    /// <summary>ViT-B (389,961,218 bytes).</summary>
    public static ModelSource Base { get; } = Create("depth-anything-v2-base", "Base", "vitb",
        "0d2b7002e62d39d655571c371333340bd88f67ab95050c03591555aa05645328", NonCommercial);

    /// <summary>ViT-L (1,341,395,338 bytes).</summary>
    public static ModelSource Large { get; } = Create("depth-anything-v2-large", "Large", "vitl",
        "a7ea19fa0ed99244e67b624c72b8580b7e9553043245905be58796a608eb9345", NonCommercial);

    public static IReadOnlyList<ModelSource> All { get; } = [Small, Base, Large];

    private static ModelSource Create(string name, string size, string encoder, string sha256, string license)
    {
        var file = $"depth_anything_v2_{encoder}.pth";
        return new ModelSource(name, Kind, file, new Uri($"https://huggingface.co/depth-anything/Depth-Anything-V2-{size}/resolve/main/{file}"), sha256, license);
    }
}
