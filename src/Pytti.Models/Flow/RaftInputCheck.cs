using static TorchSharp.torch;

namespace Pytti.Models.Flow;

/// <summary>Rejects image pairs RAFT cannot take, with a message that says why; returns the padding to multiples of 8.</summary>
internal static class RaftInputCheck
{
    public static InputPadding Validate(Tensor image1, Tensor image2, int iterations, int levels)
    {
        if (iterations < 1)
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "RAFT needs at least one iteration.");
        if (image1.dim() != 4 || image1.shape[1] != 3)
            throw new ArgumentException($"RAFT takes RGB images [N, 3, H, W]; image1 is {ShapeOf(image1)}.", nameof(image1));
        if (!image1.shape.SequenceEqual(image2.shape))
            throw new ArgumentException($"The two images differ in shape: {ShapeOf(image1)} and {ShapeOf(image2)}.", nameof(image2));
        var (h, w) = (image1.shape[2], image1.shape[3]);
        var padding = InputPadding.For(h, w);
        // the coarsest correlation level is (H/8) / 2^(levels-1); upstream's sampler divides by (size - 1)
        var coarsest = Math.Min(h + padding.Top + padding.Bottom, w + padding.Left + padding.Right) / 8 >> (levels - 1);
        if (coarsest < 2)
        {
            var minimum = 8L * (2L << (levels - 1)) - 7;
            throw new ArgumentException(
                $"RAFT needs images of at least {minimum}x{minimum} pixels (its coarsest correlation level must be 2 pixels or more); got {h}x{w}.");
        }
        return padding;
    }

    /// <summary>An initial flow must be the 1/8-resolution flow of this pair: <paramref name="expected"/>'s shape.</summary>
    public static void ValidateInitialFlow(Tensor initialFlow, Tensor expected)
    {
        if (!initialFlow.shape.SequenceEqual(expected.shape))
            throw new ArgumentException($"The initial flow is {ShapeOf(initialFlow)}; this pair needs {ShapeOf(expected)} (1/8 resolution).", nameof(initialFlow));
    }

    /// <summary>A shape as <c>[1, 3, 128, 160]</c>.</summary>
    public static string ShapeOf(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
