namespace Pytti.Models.Store;

/// <summary>
/// PyTTI's five named VQGAN models, each a taming YAML config plus a Lightning checkpoint, stored as
/// <c>&lt;store&gt;/vqgan/&lt;name&gt;.yaml</c> and <c>&lt;name&gt;.ckpt</c> as PyTTI stores them under
/// <c>&lt;models_parent_dir&gt;/vqgan/</c>. URLs as in pytti-core's <c>VQGAN_CONFIG_URLS</c> and
/// <c>VQGAN_CHECKPOINT_URLS</c> (<c>src/pytti/image_models/vqgan.py</c>). Data only.
/// <para>
/// The SHA-256 digests of these files are not yet recorded: the store verifies every file it
/// downloads against a known digest, so a model is only in <see cref="All"/> once both of its
/// digests are filled in below. Until then each file is a <see cref="PinnableModel"/>: the checkpoint
/// named <c>&lt;name&gt;</c>, the config <c>&lt;name&gt;.yaml</c>. Once the user pins both digests the
/// store fetches and verifies them; without pins <see cref="Find"/> still gives the URLs and file
/// names, so that a caller can say exactly what to download and where to put it.
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
            ConfigSha256: null, CheckpointSha256: null, Taming),
        new("coco",
            "http://batbot.ai/models/VQGAN/coco_first_stage.yaml",
            "http://batbot.ai/models/VQGAN/coco_first_stage.ckpt",
            ConfigSha256: null, CheckpointSha256: null, Taming + ", mirrored by batbot.ai"),
        new("wikiart",
            "http://eaidata.bmk.sh/data/Wikiart_16384/wikiart_f16_16384_8145600.yaml",
            "http://eaidata.bmk.sh/data/Wikiart_16384/wikiart_f16_16384_8145600.ckpt",
            ConfigSha256: null, CheckpointSha256: null, "licence not recorded here (community-trained taming VQGAN)"),
        new("sflckr",
            "https://heibox.uni-heidelberg.de/d/73487ab6e5314cb5adba/files/?p=%2Fconfigs%2F2020-11-09T13-31-51-project.yaml&dl=1",
            "https://heibox.uni-heidelberg.de/d/73487ab6e5314cb5adba/files/?p=%2Fcheckpoints%2Flast.ckpt&dl=1",
            ConfigSha256: null, CheckpointSha256: null, Taming),
        new("openimages",
            "https://heibox.uni-heidelberg.de/d/2e5662443a6b4307b470/files/?p=%2Fconfigs%2Fmodel.yaml&dl=1",
            "https://heibox.uni-heidelberg.de/d/2e5662443a6b4307b470/files/?p=%2Fckpts%2Flast.ckpt&dl=1",
            ConfigSha256: null, CheckpointSha256: null, Taming),
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
    string? ConfigSha256, string? CheckpointSha256, string License)
{
    public string ConfigFileName => Name + ".yaml";

    public string CheckpointFileName => Name + ".ckpt";

    /// <summary>Both digests are known, so the store can fetch and verify both files.</summary>
    public bool IsVerifiable => ConfigSha256 is not null && CheckpointSha256 is not null;

    /// <summary>The config as a store source, or null while its digest is unknown.</summary>
    public ModelSource? ConfigSource() =>
        ConfigSha256 is null ? null : new ModelSource(Name + ".yaml", VqganModels.Kind, ConfigFileName, new Uri(ConfigUrl), ConfigSha256, License);

    /// <summary>The checkpoint as a store source, or null while its digest is unknown.</summary>
    public ModelSource? CheckpointSource() =>
        CheckpointSha256 is null ? null : new ModelSource(Name, VqganModels.Kind, CheckpointFileName, new Uri(CheckpointUrl), CheckpointSha256, License);

    /// <summary>
    /// The files whose digest is not shipped, to be pinned by the user: the checkpoint as <c>&lt;name&gt;</c> and
    /// the config as <c>&lt;name&gt;.yaml</c> (the names <see cref="CheckpointSource"/> and <see cref="ConfigSource"/> give them).
    /// No page publishes these digests.
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
