namespace Pytti.Models.Store;

/// <summary>
/// PyTTI's five named VQGAN models, each a taming YAML config plus a Lightning checkpoint, stored as
/// <c>&lt;store&gt;/vqgan/&lt;name&gt;.yaml</c> and <c>&lt;name&gt;.ckpt</c> as PyTTI stores them under
/// <c>&lt;models_parent_dir&gt;/vqgan/</c>. First URLs as in pytti-core's <c>VQGAN_CONFIG_URLS</c> and
/// <c>VQGAN_CHECKPOINT_URLS</c> (<c>src/pytti/image_models/vqgan.py</c>); several of those hosts are partly gone,
/// so each file also lists a mirror. Data only.
/// <para>
/// Digests (SHA-256) as the manifest of the Hugging Face mirror <c>Somnai/pytti-vqgan-checkpoints</c> records them
/// (revision debc22c8f285c7734980c464ff992d335dde6e9a, the one pytti-core pins), which agrees with the second
/// mirror <c>pxlpshr/pytti-models</c>: imagenet ckpt 980,092,370 bytes and yaml 692 bytes (the files heibox.uni-heidelberg.de
/// still serves), openimages ckpt 376,581,823 bytes,
/// wikiart 1,005,327,541, sflckr 4,263,525,412 (<c>sflickr</c> on the mirror), coco 296,030,214. The digest decides,
/// not the host. A model whose digests were unknown would stay pinnable (<see cref="VqganModelFiles.Pinnable"/>).
/// </para>
/// </summary>
public static class VqganModels
{
    public const string Kind = "vqgan";

    private const string Taming = "MIT (github.com/CompVis/taming-transformers)";

    /// <summary>In PyTTI's order (<c>VQGAN_MODEL_NAMES</c>).</summary>
    private static readonly VqganModelFiles[] Table =
    [
        new("imagenet",
            "https://heibox.uni-heidelberg.de/f/274fb24ed38341bfa753/?dl=1",
            "https://heibox.uni-heidelberg.de/f/867b05fc8c4841768640/?dl=1",
            ConfigSha256: "00e2c6189926f1d89ecfef73e9598db77981c1982f0555fbade963ffd16143c7",
            CheckpointSha256: "845a68805098cb666420d5db93df53f3a3b6dd443e6dd85c05759c5b998cd663", Taming),
        new("coco",
            "http://batbot.ai/models/VQGAN/coco_first_stage.yaml",
            "http://batbot.ai/models/VQGAN/coco_first_stage.ckpt",
            ConfigSha256: "17d0c2d9fda59eccade2a6070d833804b759dc817da42c2268be8cf1eb047676",
            CheckpointSha256: "106cc20fde571df14afc4349d62218d8213cf47177c682ecaa78a8c28b12f9de", Taming + ", mirrored by batbot.ai"),
        new("wikiart",
            "http://eaidata.bmk.sh/data/Wikiart_16384/wikiart_f16_16384_8145600.yaml",
            "http://eaidata.bmk.sh/data/Wikiart_16384/wikiart_f16_16384_8145600.ckpt",
            ConfigSha256: "6e78241d2828ff35b8381839ce249c24a6c468ed429760d33a25e98e7f24499a",
            CheckpointSha256: "bd08bb46301f98be1712bb2be9f8868cea30b53137cd985d4d6e8da8b3e02c36", "licence not recorded here (community-trained taming VQGAN)"),
        new("sflckr",
            "https://heibox.uni-heidelberg.de/d/73487ab6e5314cb5adba/files/?p=%2Fconfigs%2F2020-11-09T13-31-51-project.yaml&dl=1",
            "https://heibox.uni-heidelberg.de/d/73487ab6e5314cb5adba/files/?p=%2Fcheckpoints%2Flast.ckpt&dl=1",
            ConfigSha256: "c27f012996f3f1f02580f063be47fd60bdd8528efb04d7318b2cbe8a86505b1b",
            CheckpointSha256: "8a8adea3da8dab412675772831370dd948e0aa97bb11a9488a2f328b58dbc929", Taming, MirrorName: "sflickr"),
        new("openimages",
            "https://heibox.uni-heidelberg.de/d/2e5662443a6b4307b470/files/?p=%2Fconfigs%2Fmodel.yaml&dl=1",
            "https://heibox.uni-heidelberg.de/d/2e5662443a6b4307b470/files/?p=%2Fckpts%2Flast.ckpt&dl=1",
            ConfigSha256: "91110bab325067b37f85d1e75895a837d59c292bae4f3097f80c518714d5caff",
            CheckpointSha256: "5cd6c74810ab97e00e942c25403f73afc081e8b19987b31ec0d9ff5b68e7ab14", Taming),
    ];

    /// <summary>The five names, in PyTTI's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(row => row.Name)];

    /// <summary>Config and checkpoint sources of every model whose digests are known (registered in <see cref="ModelRegistry"/>).</summary>
    public static IReadOnlyList<ModelSource> All { get; } =
        [.. Table.Where(row => row.IsVerifiable).SelectMany(row => new[] { row.ConfigSource()!, row.CheckpointSource()! })];

    /// <summary>A named model's files (case-insensitive), or null.</summary>
    public static VqganModelFiles? Find(string name) =>
        Table.FirstOrDefault(row => string.Equals(row.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// One VQGAN model's two files: URLs, store file names and, where known, SHA-256 digests (lower-case hex).
/// </summary>
public sealed record VqganModelFiles(string Name, string ConfigUrl, string CheckpointUrl,
    string? ConfigSha256, string? CheckpointSha256, string License, string? MirrorName = null)
{
    /// <summary>The Hugging Face mirror pytti-core pins (the same bytes; the digest decides).</summary>
    private const string Mirror = "https://huggingface.co/Somnai/pytti-vqgan-checkpoints/resolve/debc22c8f285c7734980c464ff992d335dde6e9a/";

    /// <summary>The mirror's copy of the file with <paramref name="extension"/> (<c>yaml</c>, <c>ckpt</c>).</summary>
    public Uri MirrorUrl(string extension) => new($"{Mirror}{MirrorName ?? Name}/{MirrorName ?? Name}.{extension}");

    public string ConfigFileName => Name + ".yaml";

    public string CheckpointFileName => Name + ".ckpt";

    /// <summary>Both digests are known, so the store can fetch and verify both files.</summary>
    public bool IsVerifiable => ConfigSha256 is not null && CheckpointSha256 is not null;

    /// <summary>The config as a store source, or null while its digest is unknown.</summary>
    public ModelSource? ConfigSource() =>
        ConfigSha256 is null ? null : new ModelSource(Name + ".yaml", VqganModels.Kind, ConfigFileName, new Uri(ConfigUrl), ConfigSha256, License) { Mirrors = [MirrorUrl("yaml")] };

    /// <summary>The checkpoint as a store source, or null while its digest is unknown.</summary>
    public ModelSource? CheckpointSource() =>
        CheckpointSha256 is null ? null : new ModelSource(Name, VqganModels.Kind, CheckpointFileName, new Uri(CheckpointUrl), CheckpointSha256, License) { Mirrors = [MirrorUrl("ckpt")] };

    /// <summary>
    /// The files whose digest is not shipped, to be pinned by the user: the checkpoint as <c>&lt;name&gt;</c> and
    /// the config as <c>&lt;name&gt;.yaml</c> (the names <see cref="CheckpointSource"/> and <see cref="ConfigSource"/> give them).
    /// </summary>
    public IEnumerable<PinnableModel> Pinnable()
    {
        if (CheckpointSha256 is null) yield return new PinnableModel(Name, VqganModels.Kind, CheckpointFileName, new Uri(CheckpointUrl), null, License);
        if (ConfigSha256 is null) yield return new PinnableModel(Name + ".yaml", VqganModels.Kind, ConfigFileName, new Uri(ConfigUrl), null, License);
    }

    /// <summary>Where the store keeps the config: <c>&lt;root&gt;/vqgan/&lt;name&gt;.yaml</c>.</summary>
    public string ConfigPath(string storeRoot) => Path.Combine(storeRoot, VqganModels.Kind, ConfigFileName);

    /// <summary>Where the store keeps the checkpoint: <c>&lt;root&gt;/vqgan/&lt;name&gt;.ckpt</c>.</summary>
    public string CheckpointPath(string storeRoot) => Path.Combine(storeRoot, VqganModels.Kind, CheckpointFileName);
}
