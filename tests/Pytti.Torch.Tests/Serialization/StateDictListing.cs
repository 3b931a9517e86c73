using System.Security.Cryptography;
using System.Text;
using Pytti.Torch.Serialization;

namespace Pytti.Torch.Tests.Serialization;

/// <summary>
/// A state dict as text, one <c>name dtype [shape]</c> line per tensor in file order, and its SHA-256.
/// The expected digests in the tests were computed from the fixtures with Python's own pickle module
/// (an independent reader), so a matching digest means the exact key set, order, dtypes and shapes
/// (<see cref="Digest"/>) or the exact tensor contents (<see cref="DataDigest"/>).
/// </summary>
internal static class StateDictListing
{
    public static string Lines(StateDict dict) =>
        string.Join("\n", dict.Values.Select(t => $"{t.Name} {t.DType.TorchName()} [{string.Join(",", t.Shape)}]"));

    public static string Digest(StateDict dict) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Lines(dict))));

    /// <summary>SHA-256 of every tensor's contiguous bytes, concatenated in file order.</summary>
    public static string DataDigest(StateDict dict)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var tensor in dict.Values) hash.AppendData(tensor.ToContiguousBytes());
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
