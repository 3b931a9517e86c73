using System.Security.Cryptography;
using System.Text;

namespace Pytti.Pipeline.Cache;

/// <summary>
/// What a frame record read from the cache must satisfy before it is trusted: every field present and
/// well formed, stored under the key its own inputs hash to, for the frame it is asked for, and sealed
/// (a digest over its content, so an edited image or checkpoint digest is caught even when it names another valid object).
/// </summary>
internal static class FrameRecordCheck
{
    /// <summary>Null when the record can be trusted as far as its own content goes; else what is wrong with it.</summary>
    public static string? Problem(FrameRecord r, string key, int frame)
    {
        if (r.Key != key) return $"it is stored under key {key} but names key {r.Key ?? "(none)"}";
        if (r.Frame != frame) return $"it is for frame {r.Frame}, not frame {frame}";
        if (Structure(r) is { } problem) return problem;
        if (FrameKeys.Hash(r.Inputs) != key) return "its inputs do not hash to its key";
        return r.Seal == Seal(r) ? null : "its seal does not match its content (it was edited or damaged)";
    }

    /// <summary>Null when every field is present and well formed (a record lacking fields must not crash its readers).</summary>
    public static string? Structure(FrameRecord r)
    {
        if (r.Key is null || !IsSha256(r.Key)) return "its key is missing or malformed";
        if (r.Images is null || r.Images.Any(i => i is null || !IsSha256(i.Sha256) || i.Index < 1)) return "its image list is missing or malformed";
        if (r.Images.Select(i => i.Index).Distinct().Count() != r.Images.Count) return "it lists an image twice";
        if (r.Checkpoint is not null && !IsSha256(r.Checkpoint)) return "its checkpoint digest is malformed";
        if (r.LossLines is null || r.LossLines.Any(l => l is null)) return "its loss lines are missing";
        if (r.Inputs is not { Canonical: not null, Files: not null, Global: not null }) return "its key inputs are missing";
        return null;
    }

    /// <summary>The record with its seal set, as it is stored locally and remotely.</summary>
    public static FrameRecord Sealed(FrameRecord r) => r with { Seal = Seal(r) };

    /// <summary>SHA-256 of the record's JSON without its seal.</summary>
    public static string Seal(FrameRecord r) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((r with { Seal = null }).ToJson())));

    public static bool IsSha256(string? text) => text is { Length: 64 } && text.All(char.IsAsciiHexDigitLower);
}
