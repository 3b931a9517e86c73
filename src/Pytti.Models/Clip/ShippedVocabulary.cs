using System.Security.Cryptography;
using Pytti.Models.Store;

namespace Pytti.Models.Clip;

/// <summary>
/// CLIP's <c>bpe_simple_vocab_16e6.txt.gz</c> (MIT), embedded in this assembly as OpenAI's package ships it
/// beside its code, so that the tokenizer never needs the network. Its bytes are checked against the digest
/// recorded in <see cref="OpenAiClipModels.BpeVocabulary"/> before use.
/// </summary>
internal static class ShippedVocabulary
{
    public const string ResourceName = "Pytti.Models.Clip.bpe_simple_vocab_16e6.txt.gz";

    /// <summary>The verified gzip bytes, as a stream positioned at the start.</summary>
    /// <exception cref="InvalidDataException">The assembly lacks the resource or carries other bytes (a broken build).</exception>
    public static Stream Open()
    {
        using var resource = typeof(ShippedVocabulary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"This build of Pytti.Models lacks its embedded resource {ResourceName}; reinstall pytti.");
        var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)));
        if (digest != OpenAiClipModels.BpeVocabulary.Sha256)
            throw new InvalidDataException(
                $"The CLIP vocabulary embedded in Pytti.Models has SHA-256 {digest}, expected {OpenAiClipModels.BpeVocabulary.Sha256}; reinstall pytti.");
        bytes.Position = 0;
        return bytes;
    }
}
