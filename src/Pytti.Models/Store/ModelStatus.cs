namespace Pytti.Models.Store;

/// <summary>The state of a model file in the store.</summary>
public enum ModelStatus
{
    /// <summary>No file (and no interrupted download).</summary>
    Missing,

    /// <summary>An interrupted download (<c>.partial</c>) that the next fetch resumes.</summary>
    Partial,

    /// <summary>A file is there but has not been hashed since it last changed.</summary>
    Present,

    /// <summary>The file's SHA-256 matched the expected digest, and it has not changed since.</summary>
    Verified,

    /// <summary>The file's SHA-256 did not match; it will not be used.</summary>
    Corrupt,
}
