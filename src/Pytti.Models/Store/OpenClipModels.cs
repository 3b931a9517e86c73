namespace Pytti.Models.Store;

/// <summary>
/// OpenCLIP checkpoints (github.com/mlfoundations/open_clip) our CLIP loader serves, under the names mmc gives them
/// (<c>{model}--{pretrained tag}</c>, publisher <c>mlfoundations</c>), stored as <c>&lt;store&gt;/clip/&lt;name&gt;.bin</c>.
/// They hold OpenAI's key layout without the TorchScript archive's three integer entries, and their <c>model_configs</c>
/// (no <c>-quickgelu</c> suffix) use exact GELU where OpenAI's models use QuickGELU: the loader picks the activation
/// by this registration (<see cref="Clip.ClipOrigin"/>). Preprocessing is OpenAI's mean and std (open_clip's
/// default for these tags). Data only.
/// </summary>
public static class OpenClipModels
{
    /// <summary>The mmc publisher of OpenCLIP models (<c>mmc.loaders.MlfClipLoader</c>).</summary>
    public const string MmcPublisher = "mlfoundations";

    /// <summary>
    /// ViT-B-32 trained on LAION-2B (open_clip <c>pretrained.py</c>: <c>laion2b_s34b_b79k</c>, hf-hub
    /// <c>laion/CLIP-ViT-B-32-laion2B-s34B-b79K</c>). SHA-256 as that Hugging Face file page lists it (its LFS oid).
    /// </summary>
    public static ModelSource VitB32Laion2B { get; } = new(
        "ViT-B-32--laion2b_s34b_b79k", OpenAiClipModels.Kind, "ViT-B-32--laion2b_s34b_b79k.bin",
        new Uri("https://huggingface.co/laion/CLIP-ViT-B-32-laion2B-s34B-b79K/resolve/main/open_clip_pytorch_model.bin"),
        "1bd3c7172de5b207ceac554f5ab5266166f3b9baccc9af5989bc801016d080ad", "MIT (huggingface.co/laion/CLIP-ViT-B-32-laion2B-s34B-b79K)");

    public static IReadOnlyList<ModelSource> All { get; } = [VitB32Laion2B];

    /// <summary>Whether <paramref name="source"/> is one of these registrations (by name and digest).</summary>
    public static bool Contains(ModelSource source) =>
        All.Any(s => s.Name == source.Name && s.Sha256 == source.Sha256);
}
