using System.Numerics;
using TorchSharp;

namespace Pytti.Engine.Rendering;

/// <summary>PyTTI's <c>seed</c>: any integer in [-2^63, 2^64); negatives wrap like torch.manual_seed.</summary>
public static class RenderSeed
{
    public static ulong Parse(string text)
    {
        var value = BigInteger.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (value < -(BigInteger.One << 63) || value >= BigInteger.One << 64)
            throw new ArgumentOutOfRangeException(nameof(text), $"seed {text} is outside [-2^63, 2^64)");
        return value < 0 ? (ulong)(long)value : (ulong)value;
    }

    /// <summary>Seeds every device's default generator (what draws outside the render's own generator read).</summary>
    public static void SeedDefaults(ulong seed)
    {
        torch.manual_seed(unchecked((long)seed));   // returns the default generator: not ours to dispose
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(unchecked((long)seed));
    }
}
