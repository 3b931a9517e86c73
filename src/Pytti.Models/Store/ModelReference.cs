namespace Pytti.Models.Store;

/// <summary>How a scene or the command line names a model: a registered name or a checkpoint file.</summary>
public abstract record ModelReference
{
    /// <summary>A registered model (<c>ViTB32</c>); the store fetches and verifies it.</summary>
    public sealed record Registered(ModelSource Source) : ModelReference;

    /// <summary>
    /// A registered file this build ships no digest for (RAFT-things): the store fetches and verifies it
    /// once the user has pinned its digest, and refuses it until then (<see cref="ModelNeedsDigestException"/>).
    /// </summary>
    public sealed record Pinnable(PinnableModel Model) : ModelReference;

    /// <summary>A checkpoint file given by path, used as it is (no digest to check).</summary>
    public sealed record LocalFile(string Path) : ModelReference;

    /// <summary>
    /// A registered name of <paramref name="kind"/>, else an existing file (relative to <paramref name="baseDirectory"/>).
    /// Names of other kinds do not count, so that a RAFT name is never loaded as a CLIP perceptor. A pinnable
    /// name is accepted whether or not it is pinned: the pin belongs to a store, and is looked up when resolving.
    /// </summary>
    /// <exception cref="ModelStoreException">PYTTI124 for a path that does not exist, PYTTI123 for an unknown name.</exception>
    public static ModelReference Parse(string text, string? baseDirectory = null, string kind = OpenAiClipModels.Kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (ModelRegistry.Find(text) is { Kind: var found } source && found == kind) return new Registered(source);
        if (PinnableModels.Find(text) is { Kind: var pinnableKind } model && pinnableKind == kind) return new Pinnable(model);
        var full = System.IO.Path.GetFullPath(text, baseDirectory ?? Environment.CurrentDirectory);
        if (File.Exists(full)) return new LocalFile(full);
        if (LooksLikePath(text))
            throw new ModelStoreException(ModelErrorCodes.LocalModelMissing, $"the model file {full} does not exist.");
        var names = string.Join(", ", ModelRegistry.Selectable(kind).Select(s => s.Name)
            .Concat(PinnableModels.All.Where(m => m.Kind == kind).Select(m => m.Name)));
        throw new ModelStoreException(ModelErrorCodes.UnknownModel,
            $"'{text}' is neither a known {kind} model nor an existing file; known {kind} models: {names}. A path to a checkpoint file works too.");
    }

    /// <summary>The local path of the checkpoint: fetched and verified through the store for a registered (or pinned) model.</summary>
    /// <exception cref="ModelNeedsDigestException">a pinnable model without a pin in <paramref name="store"/>.</exception>
    public Task<string> ResolveAsync(ModelStore store, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SourceIn(store) is { } source
            ? store.EnsureAsync(source, progress, cancellationToken)
            : Task.FromResult(((LocalFile)this).Path);

    /// <summary>
    /// What the store fetches and verifies for this reference: the registered source, or a pinnable file with
    /// the digest pinned in <paramref name="store"/>; null for a file given by path (used as it is).
    /// </summary>
    /// <exception cref="ModelNeedsDigestException">a pinnable model without a pin in <paramref name="store"/>.</exception>
    public ModelSource? SourceIn(ModelStore store) => this switch
    {
        Registered registered => registered.Source,
        Pinnable pinnable => store.SourceFor(pinnable.Model),
        LocalFile => null,
        _ => throw new InvalidOperationException($"Unknown model reference {this}."),
    };

    private static bool LooksLikePath(string text) =>
        text.Contains('/') || text.Contains('\\') || System.IO.Path.HasExtension(text);
}
