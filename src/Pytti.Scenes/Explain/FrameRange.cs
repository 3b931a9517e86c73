using System.Globalization;
using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Explain;

/// <summary>An inclusive range of frame indices: <c>A..B</c>, <c>A..</c>, <c>..B</c> or <c>A</c>.</summary>
public sealed record FrameRange(long First, long? Last)
{
    public static FrameRange All { get; } = new(0, null);

    public bool Contains(long frame) => frame >= First && (Last is null || frame <= Last);

    public static FrameRange? TryParse(string text, out Diagnostic? error)
    {
        error = null;
        var parts = text.Split("..");
        if (parts.Length == 1 && TryIndex(parts[0], out var single))
            return new FrameRange(single, single);
        if (parts.Length == 2 && (parts[0].Length == 0 || TryIndex(parts[0], out _)) && (parts[1].Length == 0 || TryIndex(parts[1], out _)))
        {
            var first = parts[0].Length == 0 ? 0 : long.Parse(parts[0], CultureInfo.InvariantCulture);
            long? last = parts[1].Length == 0 ? null : long.Parse(parts[1], CultureInfo.InvariantCulture);
            if (last is null || last >= first)
                return new FrameRange(first, last);
        }
        error = new Diagnostic(ErrorCodes.InvalidFrameRange, $"--frames '{text}' must look like A..B, A.., ..B or A with 0 <= A <= B", SourceLocation.None);
        return null;
    }

    /// <summary>How many frames of a plan of <paramref name="count"/> frames the range covers.</summary>
    public long CountIn(long count) => Math.Max(0, Math.Min(Last ?? long.MaxValue, count - 1) - First + 1);

    private static bool TryIndex(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
