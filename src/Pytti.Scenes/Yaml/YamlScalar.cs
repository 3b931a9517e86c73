using Pytti.Scenes.Diagnostics;
using YamlDotNet.Core;

namespace Pytti.Scenes.Yaml;

/// <summary>
/// A scalar with its exact text. <see cref="LocationAt"/> maps an offset inside the text back to the
/// file, exactly for single-line scalars and approximately for multi-line ones.
/// </summary>
public sealed record YamlScalar(string Text, ScalarStyle Style, SourceLocation Location) : YamlValue(Location)
{
    public override string KindName => "a scalar";

    /// <summary>For block scalars (<c>|</c>, <c>&gt;</c>): the indentation of the content lines.</summary>
    public int BlockIndent { get; init; }

    public bool IsPlain => Style is ScalarStyle.Plain or ScalarStyle.Any;

    /// <summary>Plain <c>~</c>, <c>null</c> or nothing: YAML's null.</summary>
    public bool IsNull => IsPlain && Text is "" or "~" or "null" or "Null" or "NULL";

    public SourceLocation LocationAt(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var before = Text.AsSpan(0, offset);
        var newlines = before.Count('\n');
        var quote = Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        if (Style is ScalarStyle.Literal or ScalarStyle.Folded)
            return Location with { Line = Location.Line + 1 + newlines, Column = BlockIndent + offset - before.LastIndexOf('\n') };
        if (newlines == 0)
            return Location.WithColumnOffset(quote + offset);
        return Location with { Line = Location.Line + newlines, Column = offset - before.LastIndexOf('\n') };
    }
}
