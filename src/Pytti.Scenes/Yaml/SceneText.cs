using System.Text;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Yaml;

/// <summary>
/// A scene file's text, decoded strictly: UTF-8 (with or without a BOM) or UTF-16 with a BOM. Anything else
/// (Latin-1, binary) is a located error at the first byte that is not UTF-8, never a silent guess; a file
/// over <see cref="MaxBytes"/> is refused before it is read, so a runaway prompt cannot exhaust memory.
/// </summary>
public static class SceneText
{
    public const int MaxBytes = 1 << 20;

    public static bool TryRead(string full, string display, DiagnosticBag diagnostics, out string text)
    {
        text = "";
        try
        {
            var size = new FileInfo(full).Length;
            if (size > MaxBytes)
            {
                diagnostics.Add(ErrorCodes.FileTooLarge, $"scene file '{display}' is {size:N0} bytes; scene files are limited to {MaxBytes:N0} bytes. Keep prompts short and long data in files of their own", new SourceLocation(display, 0, 0));
                return false;
            }
            return TryDecode(File.ReadAllBytes(full), display, diagnostics, out text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(ErrorCodes.FileNotFound, $"scene file '{display}' cannot be read: {e.Message}", new SourceLocation(display, 0, 0));
            return false;
        }
    }

    private static bool TryDecode(byte[] bytes, string display, DiagnosticBag diagnostics, out string text)
    {
        var (encoding, bom) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding)new UTF8Encoding(false, true), 3),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            _ => (new UTF8Encoding(false, true), 0),
        };
        try
        {
            text = encoding.GetString(bytes, bom, bytes.Length - bom);
            return true;
        }
        catch (DecoderFallbackException e)
        {
            text = "";
            var at = bom + Math.Max(e.Index, 0);
            var (line, column) = Position(encoding, bytes, bom, at);
            diagnostics.Add(ErrorCodes.NotUtf8, $"scene file '{display}' is not UTF-8: byte 0x{bytes[Math.Min(at, bytes.Length - 1)]:X2} at offset {at} cannot be decoded. Save the file as UTF-8", new SourceLocation(display, line, column));
            return false;
        }
    }

    /// <summary>1-based line and column of byte <paramref name="at"/>, counting the valid text before it.</summary>
    private static (int Line, int Column) Position(Encoding encoding, byte[] bytes, int start, int at)
    {
        var before = encoding.GetString(bytes, start, Math.Max(at - start, 0));
        var lastNewline = before.LastIndexOf('\n');
        return (before.Count(c => c == '\n') + 1, before.Length - lastNewline);
    }
}
