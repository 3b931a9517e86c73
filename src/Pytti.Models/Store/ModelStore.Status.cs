namespace Pytti.Models.Store;

public sealed partial class ModelStore
{
    /// <summary>The file's state without hashing it: <see cref="ModelStatus.Present"/> when no fresh digest is recorded.</summary>
    public ModelStatus GetStatus(ModelSource source)
    {
        var path = PathFor(source);
        if (!File.Exists(path)) return File.Exists(PartialPathFor(source)) ? ModelStatus.Partial : ModelStatus.Missing;
        return Judge(source, VerificationSidecar.TryRead(path));
    }

    /// <summary>The file's state, hashing it if it changed since it was last hashed (the result is recorded).</summary>
    public async Task<ModelStatus> VerifyAsync(ModelSource source, CancellationToken cancellationToken = default)
    {
        var path = PathFor(source);
        if (!File.Exists(path)) return GetStatus(source);
        return Judge(source, await VerificationSidecar.DigestAsync(path, cancellationToken).ConfigureAwait(false));
    }

    public string PartialPathFor(ModelSource source) => PathFor(source) + ".partial";

    public string CorruptPathFor(ModelSource source) => PathFor(source) + ".corrupt";

    private static ModelStatus Judge(ModelSource source, string? digest) =>
        digest is null ? ModelStatus.Present
        : digest == source.Sha256 ? ModelStatus.Verified
        : ModelStatus.Corrupt;
}
