namespace Pytti.Models.Store;

/// <summary>
/// OpenAI's nine released CLIP checkpoints under PyTTI's names, and the BPE vocabulary.
/// URLs and digests as in <c>_MODELS</c> of openai/CLIP <c>clip/clip.py</c>: the SHA-256 of each
/// file is the path segment before its name. Data only.
/// </summary>
public static class OpenAiClipModels
{
    public const string Kind = "clip";
    private const string License = "MIT (github.com/openai/CLIP)";
    private const string Base = "https://openaipublic.azureedge.net/clip/models/";

    /// <summary>PyTTI's name, OpenAI's name, SHA-256, file name.</summary>
    private static readonly (string Name, string OpenAiName, string Sha256, string File)[] Table =
    [
        ("RN50", "RN50", "afeb0e10f9e5a86da6080e35cf09123aca3b358a0c3e3b6c78a7b63bc04b6762", "RN50.pt"),
        ("RN101", "RN101", "8fa8567bab74a42d41c5915025a8e4538c3bdbe8804a470a72f30b0d94fab599", "RN101.pt"),
        ("RN50x4", "RN50x4", "7e526bd135e493cef0776de27d5f42653e6b4c8bf9e0f653bb11773263205fdd", "RN50x4.pt"),
        ("RN50x16", "RN50x16", "52378b407f34354e150460fe41077663dd5b39c54cd0bfd2b27167a4a06ec9aa", "RN50x16.pt"),
        ("RN50x64", "RN50x64", "be1cfb55d75a9666199fb2206c106743da0f6468c9d327f3e0d0a543a9919d9c", "RN50x64.pt"),
        ("ViTB32", "ViT-B/32", "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af", "ViT-B-32.pt"),
        ("ViTB16", "ViT-B/16", "5806e77cd80f8b59890b7e101eabd078d9fb84e6937f9e85e4ecb61988df416f", "ViT-B-16.pt"),
        ("ViTL14", "ViT-L/14", "b8cca3fd41ae0c99ba7e8951adf17d267cdb84cd88be6f7c2e0eca1737a03836", "ViT-L-14.pt"),
        ("ViTL14_336px", "ViT-L/14@336px", "3035c92b350959924f9f00213499208652fc7ea050643e8b385c2dac08641f02", "ViT-L-14-336px.pt"),
    ];

    /// <summary>In <c>clip.available_models()</c> order (PyTTI's perceptor order).</summary>
    public static IReadOnlyList<ModelSource> All { get; } =
        [.. Table.Select(row => new ModelSource(row.Name, Kind, row.File, new Uri($"{Base}{row.Sha256}/{row.File}"), row.Sha256, License))];

    /// <summary>
    /// <c>clip/bpe_simple_vocab_16e6.txt.gz</c> at the commit the reference fixtures were made from. It ships
    /// inside Pytti.Models (see <c>Clip/ShippedVocabulary</c>), so it is not in <see cref="ModelRegistry"/>:
    /// this records where it came from and the digest the embedded copy is checked against.
    /// </summary>
    public static ModelSource BpeVocabulary { get; } = new(
        "ClipBpeVocabulary", Kind, "bpe_simple_vocab_16e6.txt.gz",
        new Uri("https://raw.githubusercontent.com/openai/CLIP/d05afc436d78f1c48dc0dbf8e5980a9d471f35f6/clip/bpe_simple_vocab_16e6.txt.gz"),
        "924691ac288e54409236115652ad4aa250f48203de50a9e4722a6ecd48d6804a", License);

    /// <summary>The PyTTI name for OpenAI's (<c>ViT-B/32</c> → <c>ViTB32</c>), or null.</summary>
    public static string? FromOpenAiName(string openAiName) =>
        Table.FirstOrDefault(row => row.OpenAiName == openAiName).Name;
}
