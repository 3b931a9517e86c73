using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pytti.Models.Store;

/// <summary>
/// The digests a user pinned for files this build ships no SHA-256 for, kept in the store folder as
/// <c>pins.json</c>: <c>{ "version": 1, "pins": { "depth-anything-v2-small": "&lt;sha256&gt;" } }</c>. Read fresh
/// on every use (it is tiny), so a pin made by another process counts at once; written atomically, so a
/// reader never sees half a file.
/// </summary>
internal static class ModelPins
{
    public const string FileName = "pins.json";

    /// <summary>Name (as registered) to lower-case digest; empty when there is no pins file.</summary>
    /// <exception cref="ModelStoreException">PYTTI126 for a pins file that is not what <see cref="Write"/> writes.</exception>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        if (!File.Exists(path)) return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var pins = JsonNode.Parse(File.ReadAllText(path))?["pins"]?.AsObject()
                ?? throw new FormatException("it has no \"pins\" object");
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in pins)
            {
                var digest = value?.GetValue<string>() ?? "";
                if (!ModelSource.IsSha256(digest)) throw new FormatException($"the pin of '{name}' is not a SHA-256 digest");
                result[name] = digest.ToLowerInvariant();
            }
            return result;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new ModelStoreException(ModelErrorCodes.PinRefused,
                $"{path} is not a valid pins file ({e.Message}). Fix it, or delete it and pin again with `pytti models pin NAME <sha256>`.", e);
        }
    }

    public static void Write(string path, IReadOnlyDictionary<string, string> pins)
    {
        var document = new JsonObject
        {
            ["version"] = 1,
            ["pins"] = new JsonObject(pins.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        AtomicFile.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
