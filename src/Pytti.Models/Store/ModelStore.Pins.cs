namespace Pytti.Models.Store;

public sealed partial class ModelStore
{
    /// <summary>Where this store keeps the user's digest pins: <c>&lt;root&gt;/pins.json</c>.</summary>
    public string PinsPath => Path.Combine(Root, ModelPins.FileName);

    public string PathFor(PinnableModel model) => Path.Combine(Root, model.Kind, model.FileName);

    /// <summary>The pinned digest of <paramref name="model"/>, or null.</summary>
    /// <exception cref="ModelStoreException">PYTTI126 for an unreadable pins file.</exception>
    public string? PinnedDigest(PinnableModel model) => ModelPins.Read(PinsPath).GetValueOrDefault(model.Name);

    /// <summary>The file as a source verified against its pinned digest.</summary>
    /// <exception cref="ModelNeedsDigestException">PYTTI120: no pin (says where to read the digest and how to pin it).</exception>
    public ModelSource SourceFor(PinnableModel model) => PinnedDigest(model) is { } digest
        ? model.WithDigest(digest, PinsPath)
        : throw new ModelNeedsDigestException(model, PathFor(model), PinsPath);

    /// <summary>
    /// Records <paramref name="sha256"/> as the digest of the pinnable file <paramref name="name"/> (replacing an
    /// earlier pin) and returns the file. The pins file is rewritten atomically under the store's file lock.
    /// </summary>
    /// <exception cref="ModelStoreException">
    /// PYTTI126 for a malformed digest or a name whose digest ships with this build; PYTTI123 for a name that is
    /// not registered at all; PYTTI125 when the store cannot be written.
    /// </exception>
    public PinnableModel Pin(string name, string sha256)
    {
        var model = FindPinnable(name);
        var digest = sha256.Trim();
        if (!ModelSource.IsSha256(digest))
            throw new ModelStoreException(ModelErrorCodes.PinRefused,
                $"'{sha256}' is not a SHA-256 digest for {model.Name}: expected 64 hex digits. {char.ToUpperInvariant(model.WhereToReadDigest[0])}{model.WhereToReadDigest[1..]}.");
        CreateFolderFor(PinsPath);
        try
        {
            using var held = StoreFileLock.AcquireAsync(PinsPath, () => { }, CancellationToken.None).GetAwaiter().GetResult();
            var pins = new Dictionary<string, string>(ModelPins.Read(PinsPath), StringComparer.OrdinalIgnoreCase) { [model.Name] = digest.ToLowerInvariant() };
            ModelPins.Write(PinsPath, pins);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelStoreException(ModelErrorCodes.StoreWriteFailed,
                $"cannot write {PinsPath}: {e.Message}. Choose another store with --models-dir or {RootEnvironmentVariable}.", e);
        }
        return model;
    }

    private static PinnableModel FindPinnable(string name)
    {
        if (PinnableModels.Find(name.Trim()) is { } model) return model;
        if (ModelRegistry.Find(name.Trim()) is { } shipped)
            throw new ModelStoreException(ModelErrorCodes.PinRefused,
                $"'{shipped.Name}' ships with its SHA-256 digest ({shipped.Sha256}); only models without one can be pinned.");
        throw new ModelStoreException(ModelErrorCodes.UnknownModel,
            $"'{name}' is not a model that can be pinned; models without a shipped digest: {string.Join(", ", PinnableModels.All.Select(m => m.Name))}.");
    }
}
