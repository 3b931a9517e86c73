using Pytti.Scenes.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pytti.Scenes.Yaml;

/// <summary>
/// Reads YAML text into <see cref="YamlValue"/> nodes with marks, from YamlDotNet's event parser.
/// Reports syntax errors and duplicate keys as diagnostics instead of throwing.
/// </summary>
public sealed class YamlTreeReader
{
    private readonly IParser _parser;
    private readonly string _file;
    private readonly string? _baseDirectory;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, YamlValue> _anchors = new(StringComparer.Ordinal);
    private readonly string[] _lines;
    private int _depth;

    /// <summary>Deeper YAML than this is refused (reading it recursively could overflow the stack).</summary>
    public const int MaxDepth = 64;

    private YamlTreeReader(string text, string file, string? baseDirectory, DiagnosticBag diagnostics)
    {
        _parser = new Parser(new StringReader(text));
        _lines = text.Split('\n');
        _file = file;
        _baseDirectory = baseDirectory;
        _diagnostics = diagnostics;
    }

    /// <summary>The single document of <paramref name="text"/>; null for an empty file or on a syntax error.</summary>
    public static YamlValue? Read(string text, string file, string? baseDirectory, DiagnosticBag diagnostics)
    {
        var reader = new YamlTreeReader(text, file, baseDirectory, diagnostics);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            diagnostics.Add(ErrorCodes.YamlSyntax, CleanMessage(e), reader.At(e.Start));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input instead of a YamlException.
            var at = reader._parser.Current?.Start ?? Mark.Empty;
            diagnostics.Add(ErrorCodes.YamlSyntax, "invalid YAML near here; check quotes, brackets and indentation", reader.At(at));
            return null;
        }
    }

    private YamlValue? ReadStream()
    {
        _parser.Consume<StreamStart>();
        if (_parser.TryConsume<StreamEnd>(out _))
            return null;
        _parser.Consume<DocumentStart>();
        var root = ReadNode();
        _parser.Consume<DocumentEnd>();
        if (_parser.Current is DocumentStart extra)
            _diagnostics.Add(ErrorCodes.YamlSyntax, "a scene file holds one YAML document; remove the second '---' document", At(extra.Start));
        return root;
    }

    private YamlValue ReadNode()
    {
        var current = _parser.Current ?? throw new YamlException("unexpected end of the file");
        switch (current)
        {
            case AnchorAlias alias:
                _parser.MoveNext();
                if (_anchors.TryGetValue(alias.Value.Value, out var target))
                    return target;
                throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value}'");
            case Scalar scalar:
                _parser.MoveNext();
                return Remember(scalar, new YamlScalar(scalar.Value, scalar.Style, At(scalar.Start)) { BlockIndent = BlockIndent(scalar) });
            case SequenceStart start:
                return Remember(start, ReadSequence(start));
            case MappingStart start:
                return Remember(start, ReadMapping(start));
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private YamlList ReadSequence(SequenceStart start)
    {
        _parser.MoveNext();
        using var depth = Deeper(start);
        var items = new List<YamlValue>();
        while (!_parser.TryConsume<SequenceEnd>(out _))
            items.Add(ReadNode());
        return new YamlList(items, At(start.Start));
    }

    private YamlMap ReadMapping(MappingStart start)
    {
        _parser.MoveNext();
        using var depth = Deeper(start);
        var entries = new List<YamlEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode();
            var value = ReadNode();
            if (keyNode is not YamlScalar key)
            {
                _diagnostics.Add(ErrorCodes.WrongType, $"a key must be a plain name, not {keyNode.KindName}", keyNode.Location);
                continue;
            }
            if (!seen.Add(key.Text))
            {
                _diagnostics.Add(ErrorCodes.DuplicateKey, $"duplicate key '{key.Text}'; each key may appear once in a mapping", key.Location);
                continue;
            }
            entries.Add(new YamlEntry(key, value));
        }
        return new YamlMap(entries, At(start.Start));
    }

    private DepthScope Deeper(ParsingEvent at) => ++_depth > MaxDepth
        ? throw new YamlException(at.Start, at.End, $"the YAML is nested more than {MaxDepth} levels deep")
        : new DepthScope(this);

    private readonly struct DepthScope(YamlTreeReader reader) : IDisposable
    {
        public void Dispose() => reader._depth--;
    }

    private YamlValue Remember(NodeEvent node, YamlValue value)
    {
        if (!node.Anchor.IsEmpty)
            _anchors[node.Anchor.Value] = value;
        return value;
    }

    /// <summary>Leading spaces of the first non-blank content line of a block scalar.</summary>
    private int BlockIndent(Scalar scalar)
    {
        if (scalar.Style is not (ScalarStyle.Literal or ScalarStyle.Folded))
            return 0;
        var line = _lines.Skip((int)scalar.Start.Line).FirstOrDefault(l => l.Trim().Length > 0) ?? "";
        return line.Length - line.TrimStart(' ').Length;
    }

    private SourceLocation At(Mark mark) =>
        new(_file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column)) { BaseDirectory = _baseDirectory };

    private static string CleanMessage(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line", StringComparison.Ordinal) && close >= 0)
            message = message[(close + 3)..];
        return message.Length == 0 ? "invalid YAML" : char.ToLowerInvariant(message[0]) + message[1..].TrimEnd('.');
    }
}
