using SkiaSharp;

namespace Pytti.Pipeline.Media;

/// <summary>
/// An animation's frames on one PNG, in order, left to right and top to bottom: a grid as square as the count
/// allows, each frame scaled down to at most <see cref="MaxThumbWidth"/> pixels wide (never up), separated by
/// <see cref="Gap"/> pixels of dark background. Decoded, drawn and encoded in-process with SkiaSharp; written atomically.
/// </summary>
public static class ContactSheet
{
    public const int MaxThumbWidth = 256;
    public const int Gap = 4;
    private static readonly SKColor Background = new(24, 24, 24);

    /// <summary>The sheet's size for <paramref name="count"/> frames of <paramref name="frameWidth"/> x <paramref name="frameHeight"/>.</summary>
    public static (int Width, int Height, int Columns, int ThumbWidth, int ThumbHeight) Layout(int count, int frameWidth, int frameHeight)
    {
        var columns = (int)Math.Ceiling(Math.Sqrt(count));
        var rows = (count + columns - 1) / columns;
        var thumbWidth = Math.Min(frameWidth, MaxThumbWidth);
        var thumbHeight = Math.Max(1, (int)Math.Round((double)frameHeight * thumbWidth / frameWidth));
        return (columns * thumbWidth + (columns + 1) * Gap, rows * thumbHeight + (rows + 1) * Gap, columns, thumbWidth, thumbHeight);
    }

    /// <summary>Writes the sheet of <paramref name="frames"/> (PNG files, all of one size) to <paramref name="path"/>.</summary>
    /// <exception cref="MediaException">a frame that cannot be decoded.</exception>
    public static void Write(string path, IReadOnlyList<string> frames)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frames.Count);
        using var first = Decode(frames[0]);
        var (width, height, columns, thumbWidth, thumbHeight) = Layout(frames.Count, first.Width, first.Height);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new MediaException($"{path}: cannot allocate a {width}x{height} contact sheet.");
        surface.Canvas.Clear(Background);
        using var sampling = new SKPaint();
        for (var i = 0; i < frames.Count; i++)
        {
            using var frame = i == 0 ? null : Decode(frames[i]);
            var (x, y) = (Gap + i % columns * (thumbWidth + Gap), Gap + i / columns * (thumbHeight + Gap));
            using var image = SKImage.FromBitmap(frame ?? first);
            surface.Canvas.DrawImage(image, SKRect.Create(x, y, thumbWidth, thumbHeight), new SKSamplingOptions(SKCubicResampler.Mitchell), sampling);
        }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, png.SaveTo);
    }

    private static SKBitmap Decode(string framePath) =>
        SKBitmap.Decode(framePath) ?? throw new MediaException($"{framePath}: not a PNG the contact sheet can read; render again to rewrite it.");
}
