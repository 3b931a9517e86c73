namespace Pytti.Models.Store;

/// <summary>
/// Where a model file comes from and what it must hash to. <paramref name="Kind"/> names the store
/// folder (<c>clip</c>, <c>vqgan</c>, ...); <paramref name="Sha256"/> is lower-case hex.
/// </summary>
public sealed record ModelSource(string Name, string Kind, string FileName, Uri Url, string Sha256, string? License = null)
{
    public string Sha256 { get; } = IsSha256(Sha256)
        ? Sha256.ToLowerInvariant()
        : throw new ArgumentException($"'{Sha256}' is not a SHA-256 digest (64 hex digits).", nameof(Sha256));

    public static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);
}
