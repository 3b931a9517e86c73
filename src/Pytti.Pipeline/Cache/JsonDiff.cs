using System.Text.Json;

namespace Pytti.Pipeline.Cache;

/// <summary>The paths (<c>scenes.1[0].text</c>) at which two JSON documents differ, for "why did this frame change".</summary>
public static class JsonDiff
{
    public static IReadOnlyList<string> ChangedPaths(string before, string after, int limit = 8)
    {
        using var a = JsonDocument.Parse(before);
        using var b = JsonDocument.Parse(after);
        var result = new List<string>();
        Walk(a.RootElement, b.RootElement, "", result, limit);
        return result;
    }

    private static void Walk(JsonElement a, JsonElement b, string path, List<string> result, int limit)
    {
        if (result.Count >= limit) return;
        if (a.ValueKind == JsonValueKind.Object && b.ValueKind == JsonValueKind.Object)
        {
            var names = a.EnumerateObject().Select(p => p.Name).Union(b.EnumerateObject().Select(p => p.Name)).Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var child = path.Length == 0 ? name : $"{path}.{name}";
                var (ha, hb) = (a.TryGetProperty(name, out var va), b.TryGetProperty(name, out var vb));
                if (ha && hb) Walk(va, vb, child, result, limit);
                else if (result.Count < limit) result.Add(child);
            }
        }
        else if (a.ValueKind == JsonValueKind.Array && b.ValueKind == JsonValueKind.Array && a.GetArrayLength() == b.GetArrayLength())
        {
            for (var i = 0; i < a.GetArrayLength(); i++) Walk(a[i], b[i], $"{path}[{i}]", result, limit);
        }
        else if (a.GetRawText() != b.GetRawText())
        {
            result.Add(path.Length == 0 ? "(whole document)" : path);
        }
    }
}
