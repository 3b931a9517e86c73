using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pytti.Scenes.Canonical;

/// <summary>
/// Stable JSON for canonical values and <c>pytti explain --json</c>: object keys sorted ordinally,
/// numbers in shortest round-trip invariant form, non-finite numbers as the strings <c>"inf"</c>,
/// <c>"-inf"</c>, <c>"nan"</c>, UTF-8 without escaping beyond what JSON requires, <c>\n</c> line ends.
/// Accepts dictionaries with string keys, lists, strings, booleans, integers, doubles and null.
/// </summary>
public static class CanonicalJson
{
    public static string Serialize(object? value, bool indented = false)
    {
        var options = new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options))
            Write(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: WriteNumber(writer, d); break;
            case IDictionary<string, object?> map: WriteObject(writer, map); break;
            case System.Collections.IEnumerable list: WriteArray(writer, list); break;
            default: throw new ArgumentException($"cannot write {value.GetType().Name} as canonical JSON");
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, double d)
    {
        if (!double.IsFinite(d))
            writer.WriteStringValue(Expressions.NumberText.Format(d));
        else if (d == Math.Floor(d) && Math.Abs(d) < 1e15)
            writer.WriteNumberValue((long)d);
        else
            writer.WriteNumberValue(d);
    }

    private static void WriteObject(Utf8JsonWriter writer, IDictionary<string, object?> map)
    {
        writer.WriteStartObject();
        foreach (var key in map.Keys.Order(StringComparer.Ordinal))
        {
            writer.WritePropertyName(key);
            Write(writer, map[key]);
        }
        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, System.Collections.IEnumerable list)
    {
        writer.WriteStartArray();
        foreach (var item in list)
            Write(writer, item);
        writer.WriteEndArray();
    }
}
