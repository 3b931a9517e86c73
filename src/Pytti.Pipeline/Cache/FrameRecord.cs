using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pytti.Pipeline.Cache;

/// <summary>An image a frame produced: its save index, the step it reflects and its content digest.</summary>
public sealed record CachedImage(
    [property: JsonPropertyName("index")] long Index,
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>
/// What the cache knows about one rendered frame, stored under its key: the images saved during
/// it, the engine checkpoint after it (if one was taken), its loss records, and what went into its
/// key (so <c>pytti plan</c> can say why a frame changed).
/// </summary>
public sealed record FrameRecord(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("frame")] int Frame,
    [property: JsonPropertyName("images")] IReadOnlyList<CachedImage> Images,
    [property: JsonPropertyName("checkpoint")] string? Checkpoint,
    [property: JsonPropertyName("losses")] IReadOnlyList<string> LossLines,
    [property: JsonPropertyName("inputs")] FrameKeyInputs Inputs)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, MaxDepth = 16 };

    /// <summary>SHA-256 over the rest of the record (<see cref="FrameRecordCheck.Seal"/>), set when it is stored.</summary>
    [JsonPropertyName("seal")]
    public string? Seal { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static FrameRecord? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<FrameRecord>(json, Options);
        }
        catch (JsonException)
        {
            return null;   // a damaged index entry is treated as missing
        }
    }
}

/// <summary>The material of a frame key, kept to explain differences.</summary>
public sealed record FrameKeyInputs(
    [property: JsonPropertyName("canonical")] string Canonical,
    [property: JsonPropertyName("files")] IReadOnlyDictionary<string, string> Files,
    [property: JsonPropertyName("global")] IReadOnlyDictionary<string, string> Global,
    [property: JsonPropertyName("previous")] string? Previous);
