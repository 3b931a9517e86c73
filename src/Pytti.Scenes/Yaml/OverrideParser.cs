using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Hydra;
using Pytti.Scenes.Schema;
using YamlDotNet.Core;

namespace Pytti.Scenes.Yaml;

/// <summary>
/// Reads <c>key=value</c> overrides (CLI <c>--set</c>, MSBuild) with Hydra's conventions: a value in
/// quotes is that exact text (<c>scenes=" "</c> is one space), <c>+key</c>/<c>++key</c> mean the key,
/// and a key naming a config group (<c>conf=demo</c>) is a <see cref="GroupSelection"/>. Other values
/// are taken verbatim as text, except for list parameters where they are read as YAML
/// (<c>perceptors=[ViTB16, RN50]</c>).
/// Locations are <c>&lt;override&gt;(N,col)</c>: the N-th override, column inside it.
/// Relative paths resolve against the working directory.
/// </summary>
public static class OverrideParser
{
    public const string FileName = "<override>";

    /// <summary>The overrides whose key is a config group (<paramref name="isGroup"/>).</summary>
    public static IEnumerable<GroupSelection> Selections(IReadOnlyList<string> overrides, string workingDirectory, Func<string, bool> isGroup)
    {
        for (var i = 0; i < overrides.Count; i++)
        {
            var (key, equals) = KeyOf(overrides[i]);
            if (equals > 0 && overrides[i].Length <= SceneText.MaxBytes && isGroup(key))
                yield return new GroupSelection(key, Unquote(overrides[i][(equals + 1)..]).Text, Location(i, workingDirectory) with { Column = equals + 2 });
        }
    }

    public static IEnumerable<YamlEntry> Parse(IReadOnlyList<string> overrides, string workingDirectory, DiagnosticBag diagnostics, Func<string, bool>? isGroup = null)
    {
        for (var i = 0; i < overrides.Count; i++)
        {
            var text = overrides[i];
            var (key, equals) = KeyOf(text);
            var at = Location(i, workingDirectory);
            if (text.Length > SceneText.MaxBytes)
            {
                diagnostics.Add(ErrorCodes.FileTooLarge, $"override '{Preview(key)}=...' is {text.Length:N0} characters; an override is limited to {SceneText.MaxBytes:N0}, "
                    + "like a scene file. Keep prompts short and long data in files of their own", at);
                continue;
            }
            if (equals <= 0 || key.Length == 0)
            {
                diagnostics.Add(ErrorCodes.InvalidOverride, $"override '{text}' must look like key=value", at);
                continue;
            }
            if (isGroup?.Invoke(key) == true)
                continue;
            if (key == ParameterSchema.ExtendsKey)
            {
                diagnostics.Add(ErrorCodes.InvalidOverride, "'extends' cannot be overridden; name the base files in the scene file", at);
                continue;
            }
            var raw = text[(equals + 1)..];
            var valueAt = at with { Column = equals + 2 };
            var keyNode = new YamlScalar(key, ScalarStyle.Plain, at);
            var value = IsList(key) ? YamlTreeReader.Read(raw, FileName, workingDirectory, diagnostics) is { } node ? Shift(node, valueAt) : null
                : Unquote(raw) with { Location = valueAt };
            if (value is not null)
                yield return new YamlEntry(keyNode, value);
        }
    }

    private static string Preview(string key) => key.Length <= 40 ? key : key[..40] + "...";

    private static SourceLocation Location(int index, string workingDirectory) =>
        new(FileName, index + 1, 1) { BaseDirectory = workingDirectory };

    /// <summary>The key without Hydra's <c>+</c>/<c>++</c> prefix, and where the <c>=</c> is (-1 without one).</summary>
    private static (string Key, int At) KeyOf(string text)
    {
        var equals = text.IndexOf('=');
        return equals < 0 ? (text, -1) : (text[..equals].Trim().TrimStart('+'), equals);
    }

    /// <summary>Hydra's quoted values: <c>'...'</c> or <c>"..."</c> is that text (backslash escapes the quote); the rest is plain.</summary>
    public static YamlScalar Unquote(string raw)
    {
        var quote = raw.Length >= 2 && raw[0] is '\'' or '"' && raw[^1] == raw[0] ? raw[0] : '\0';
        if (quote == '\0')
            return new YamlScalar(raw, ScalarStyle.Plain, SourceLocation.None);
        var inner = raw[1..^1].Replace("\\" + quote, quote.ToString(), StringComparison.Ordinal);
        return new YamlScalar(inner, quote == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, SourceLocation.None);
    }

    private static bool IsList(string key) =>
        ParameterSchema.Find(key)?.Type is ParameterType.Perceptors or ParameterType.AudioFilters or ParameterType.List;

    private static YamlValue Shift(YamlValue node, SourceLocation valueAt) => node switch
    {
        YamlScalar s => s with { Location = Moved(s.Location, valueAt) },
        YamlList l => new YamlList(l.Items.Select(item => Shift(item, valueAt)).ToList(), Moved(l.Location, valueAt)),
        YamlMap m => new YamlMap(m.Entries.Select(e => new YamlEntry((YamlScalar)Shift(e.Key, valueAt), Shift(e.Value, valueAt))).ToList(), Moved(m.Location, valueAt)),
        _ => node,
    };

    private static SourceLocation Moved(SourceLocation inValue, SourceLocation valueAt) =>
        valueAt with { Column = valueAt.Column + inValue.Column - 1 };
}
