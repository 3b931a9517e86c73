using System.Numerics;

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
}
