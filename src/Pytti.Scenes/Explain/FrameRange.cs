using System.Globalization;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Explain;

/// <summary>An inclusive range of frame indices: <c>A..B</c>, <c>A..</c>, <c>..B</c> or <c>A</c>.</summary>
public sealed record FrameRange(int First, int? Last)
{
    public static FrameRange All { get; } = new(0, null);

    public bool Contains(int frame) => frame >= First && (Last is null || frame <= Last);

    public static FrameRange? TryParse(string text, out Diagnostic? error)
    {
        error = null;
        var parts = text.Split("..");
        if (parts.Length == 1 && TryIndex(parts[0], out var single))
            return new FrameRange(single, single);
        if (parts.Length == 2 && (parts[0].Length == 0 || TryIndex(parts[0], out _)) && (parts[1].Length == 0 || TryIndex(parts[1], out _)))
        {
            var first = parts[0].Length == 0 ? 0 : int.Parse(parts[0], CultureInfo.InvariantCulture);
            int? last = parts[1].Length == 0 ? null : int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (last is null || last >= first)
                return new FrameRange(first, last);
        }
        error = new Diagnostic(ErrorCodes.InvalidFrameRange, $"--frames '{text}' must look like A..B, A.., ..B or A with 0 <= A <= B", SourceLocation.None);
        return null;
    }

    private static bool TryIndex(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
