namespace Pytti.Models.Store;

/// <summary>
/// RAFT optical-flow checkpoints. princeton-vl/RAFT publishes them only inside <c>models.zip</c>
/// (the link in its <c>download_models.sh</c>), so each is registered as a member of that archive with
/// the SHA-256 of the member itself. RAFT-things' digest is not recorded anywhere we could read, so it is a
/// <see cref="PinnableModel"/>: fetched once the user pins the digest of a copy they trust. Data only.
/// </summary>
public static class FlowModels
{
    public const string Kind = "flow";

    private const string License = "BSD-3-Clause (github.com/princeton-vl/RAFT)";
    private const string Archive = "https://dl.dropboxusercontent.com/s/4j4z58wuv8o0mfz/models.zip";

    /// <summary>RAFT-small, the scene default <c>flow_model: raft-small</c>.</summary>
    public static ModelSource RaftSmall { get; } = new(
        "raft-small", Kind, "raft-small.pth", new Uri(Archive),
        "c7d41b9cc88442bb8aa911dbb33086dac55a226394b142937ff22d5578717332", License, ArchiveMember: "models/raft-small.pth");

    public static IReadOnlyList<ModelSource> All { get; } = [RaftSmall];

    /// <summary>RAFT trained on FlyingThings (<c>flow_model: raft-things</c>), pinnable: no digest ships.</summary>
    public static PinnableModel RaftThings { get; } = new(
        "raft-things", Kind, "raft-things.pth", new Uri(Archive), DigestPage: null, License, ArchiveMember: "models/raft-things.pth");
}
