namespace Pytti.Pipeline.Media;

/// <summary>
/// A loss-curve picture: one coloured polyline per loss term over the steps, each normalised to its
/// own range (terms differ by orders of magnitude), on a white background with a light grid.
/// </summary>
public static class LossPlot
{
    private static readonly (byte R, byte G, byte B)[] Palette =
    [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ];

    public static RgbImage Render(IReadOnlyDictionary<string, IReadOnlyList<double>> series, int width = 640, int height = 360)
    {
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)255);
        for (var g = 1; g < 4; g++)
        {
            HLine(pixels, width, height * g / 4, (230, 230, 230));
            VLine(pixels, width, height, width * g / 4, (230, 230, 230));
        }
        var colour = 0;
        foreach (var (_, values) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var finite = values.Where(double.IsFinite).ToArray();
            if (finite.Length < 2) { colour++; continue; }
            var (lo, hi) = (finite.Min(), finite.Max());
            var span = hi - lo > 0 ? hi - lo : 1;
            (int X, int Y)? previous = null;
            for (var i = 0; i < values.Count; i++)
            {
                if (!double.IsFinite(values[i])) { previous = null; continue; }
                var x = (int)Math.Round(i * (width - 1) / (double)(values.Count - 1));
                var y = (int)Math.Round((height - 1) * (1 - (values[i] - lo) / span));
                if (previous is { } p) Line(pixels, width, height, p, (x, y), Palette[colour % Palette.Length]);
                previous = (x, y);
            }
            colour++;
        }
        return new RgbImage(width, height, pixels);
    }

    private static void Line(byte[] px, int w, int h, (int X, int Y) a, (int X, int Y) b, (byte, byte, byte) c)
    {
        int dx = Math.Abs(b.X - a.X), dy = -Math.Abs(b.Y - a.Y), sx = a.X < b.X ? 1 : -1, sy = a.Y < b.Y ? 1 : -1, err = dx + dy;
        var (x, y) = a;
        while (true)
        {
            Set(px, w, h, x, y, c);
            Set(px, w, h, x, y + 1, c);
            if (x == b.X && y == b.Y) break;
            var e2 = 2 * err;
            if (e2 >= dy) { err += dy; x += sx; }
            if (e2 <= dx) { err += dx; y += sy; }
        }
    }

    private static void HLine(byte[] px, int w, int y, (byte, byte, byte) c) { for (var x = 0; x < w; x++) Set(px, w, int.MaxValue, x, y, c); }

    private static void VLine(byte[] px, int w, int h, int x, (byte, byte, byte) c) { for (var y = 0; y < h; y++) Set(px, w, h, x, y, c); }

    private static void Set(byte[] px, int w, int h, int x, int y, (byte R, byte G, byte B) c)
    {
        if (x < 0 || y < 0 || x >= w || y >= h || (y * w + x) * 3 + 2 >= px.Length) return;
        var i = (y * w + x) * 3;
        (px[i], px[i + 1], px[i + 2]) = c;
    }
}
