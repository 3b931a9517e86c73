namespace Pytti.Models.Store;

// Diagnostic codes of the model store, the registry and the CLIP tokenizer (PYTTI120-PYTTI139):
//   PYTTI120  a model file is missing and cannot be downloaded (offline, unreachable, HTTP error, archive without the member)
//   PYTTI121  a downloaded (or extracted) file has the wrong SHA-256 (moved aside, not used)
//   PYTTI122  a file in the store had the wrong SHA-256 (moved aside, fetched again; a warning)
//   PYTTI123  a model name that is neither registered nor an existing file
//   PYTTI124  a model file given by path does not exist
//   PYTTI125  the store cannot be written
//   PYTTI126  a digest pin refused (malformed digest, a model that ships its digest) or an unreadable pins file
//   PYTTI127-PYTTI129  reserved
//   PYTTI130  a prompt longer than CLIP's context
//   PYTTI131-PYTTI139  reserved

/// <summary>The <c>PYTTInnn</c> codes of <see cref="ModelStoreException"/> and the tokenizer's errors.</summary>
public static class ModelErrorCodes
{
    /// <summary>A model file is not in the store and cannot be downloaded (offline, unreachable host, HTTP error, an archive without the member).</summary>
    public const string ModelUnavailable = "PYTTI120";

    /// <summary>A downloaded file's (or an archive member's) SHA-256 differs from the expected digest; it was not used.</summary>
    public const string DigestMismatch = "PYTTI121";

    /// <summary>A file already in the store had the wrong SHA-256; it was moved aside and fetched again.</summary>
    public const string CorruptFileMovedAside = "PYTTI122";

    /// <summary>A model name that is neither registered nor an existing file.</summary>
    public const string UnknownModel = "PYTTI123";

    /// <summary>A model given by path whose file does not exist.</summary>
    public const string LocalModelMissing = "PYTTI124";

    /// <summary>The store could not write (permissions, disk full, file locked by another download).</summary>
    public const string StoreWriteFailed = "PYTTI125";

    /// <summary>
    /// <c>pytti models pin</c> refused a digest (not 64 hex digits, or the model ships its own digest), or the
    /// store's <c>pins.json</c> cannot be read.
    /// </summary>
    public const string PinRefused = "PYTTI126";

    /// <summary>A prompt longer than CLIP's context (77 tokens with start and end markers).</summary>
    public const string PromptTooLong = "PYTTI130";

    public static IReadOnlyList<string> All { get; } =
        [ModelUnavailable, DigestMismatch, CorruptFileMovedAside, UnknownModel, LocalModelMissing, StoreWriteFailed, PinRefused, PromptTooLong];
}
