using Pytti.Pipeline.Media;

namespace Pytti.Cli.Commands;

/// <summary>Pictures and summary numbers for <c>pytti depth</c> and <c>pytti flow</c>.</summary>
internal static class Visualisation
{
    /// <summary>
    /// Greyscale depth: min..max stretched to 0..255. Depth Anything gives relative inverse depth (larger =
    /// nearer), so near is bright and far is dark. A flat map is black.
    /// </summary>
    public static RgbImage Depth(float[] depth, int width, int height)
    {
        var (min, max) = (depth.Min(), depth.Max());
        var scale = max > min ? 255.0 / (max - min) : 0;
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            var grey = (byte)Math.Round((depth[i] - min) * scale);
            pixels[3 * i] = pixels[3 * i + 1] = pixels[3 * i + 2] = grey;
        }
        return new RgbImage(width, height, pixels);
    }

    /// <summary>
    /// The usual flow colour wheel: hue is the direction (0° = right, 90° = down, as image y grows down),
    /// saturation the magnitude relative to the largest in the picture, value 1: no motion is white.
    /// </summary>
    public static RgbImage Flow(float[] dx, float[] dy, int width, int height)
    {
        var largest = 0.0;
        for (var i = 0; i < dx.Length; i++) largest = Math.Max(largest, Math.Sqrt(dx[i] * dx[i] + dy[i] * dy[i]));
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            var hue = (Math.Atan2(dy[i], dx[i]) / (2 * Math.PI) + 1) % 1;                      // turns in [0, 1)
            var saturation = largest > 0 ? Math.Sqrt(dx[i] * dx[i] + dy[i] * dy[i]) / largest : 0;
            var (r, g, b) = HsvToRgb(hue, saturation);
            (pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]) = (r, g, b);
        }
        return new RgbImage(width, height, pixels);
    }

    /// <summary>HSV with value 1 to 8-bit RGB; <paramref name="hue"/> in turns.</summary>
    private static (byte R, byte G, byte B) HsvToRgb(double hue, double saturation)
    {
        static byte Channel(double n, double h, double s)
        {
            var k = (n + h * 6) % 6;
            return (byte)Math.Round(255 * (1 - s * Math.Clamp(Math.Min(k, 4 - k), 0, 1)));
        }
        return (Channel(5, hue, saturation), Channel(3, hue, saturation), Channel(1, hue, saturation));
    }

    /// <summary>numpy's median: the middle value, or the mean of the two middle values for an even count.</summary>
    public static double Median(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("The median of no values is undefined.", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + (double)sorted[middle]) / 2;
    }
}
