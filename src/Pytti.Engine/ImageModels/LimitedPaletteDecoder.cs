using Pytti.Torch;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// Turns brightness, palette choice and the effective palette into an image (reference 5.2). The value is
/// the discrete colour — the palette entry nearest the brightness in the most likely palette — and the
/// gradient is that of the average of the discrete colour and the continuous blend (neighbouring entries
/// mixed by the fractional brightness, palettes mixed by softmax).
/// </summary>
internal static class LimitedPaletteDecoder
{
    /// <param name="palette">effective palette [P,K,3]</param>
    /// <param name="value">brightness [h,w]</param>
    /// <param name="logits">palette selection [K,h,w]</param>
    /// <returns>[1,3,<paramref name="outputHeight"/>,<paramref name="outputWidth"/>]</returns>
    public static Tensor Decode(Tensor palette, Tensor value, Tensor logits, long outputHeight, long outputWidth)
    {
        using var scope = LibTorch.NewDisposeScope();
        var v = value.Clamp(0.0, 1.0) * (palette.Size(0) - 1);                      // [h,w] in [0, P-1]
        var weights = logits.Permute(1, 2, 0);                                       // [K,h,w] -> [h,w,K]
        var discrete = Discrete(palette, v, weights);
        var continuous = Continuous(palette, v, weights);
        var size = new[] { outputHeight, outputWidth };
        var d = Functional.Interpolate(ToImage(discrete), size: size);               // nearest
        var c = Functional.Interpolate(ToImage(continuous), size: size);
        return ExactReplaceGrad(d, c * 0.5 + d * 0.5).MoveToOuterScope();
    }

    /// <summary>Colour at the rounded brightness (halves to even) in the arg-max palette: [h,w,3].</summary>
    public static Tensor Discrete(Tensor palette, Tensor v, Tensor weights)
    {
        using var scope = LibTorch.NewDisposeScope();
        var rounded = v.Round().To(DType.Int64);                                     // [h,w]
        var chosen = weights.ArgMax(2);                                              // [h,w]
        return palette.Index(rounded, chosen).MoveToOuterScope();                    // [P,K,3] -> [h,w,3]
    }

    /// <summary>Σ_k softmax_k · (pal[floor,k]·(1−fr) + pal[ceil,k]·fr): [h,w,3].</summary>
    public static Tensor Continuous(Tensor palette, Tensor v, Tensor weights)
    {
        using var scope = LibTorch.NewDisposeScope();
        var floor = v.Floor();
        var fraction = (v - floor).Unsqueeze(-1).Unsqueeze(-1);                      // [h,w] -> [h,w,1,1]
        var low = palette.Index(floor.To(DType.Int64));                              // [h,w,K,3]
        var high = palette.Index(v.Ceil().To(DType.Int64));                          // [h,w,K,3]
        var blend = low * (1 - fraction) + high * fraction;                          // [h,w,K,3]
        var mix = Functional.Softmax(weights, 2).Unsqueeze(-1);                      // [h,w,K] -> [h,w,K,1]
        return (blend * mix).Sum(2).MoveToOuterScope();                              // [h,w,3]
    }

    private static Tensor ToImage(Tensor colours) => colours.Permute(2, 0, 1).Unsqueeze(0); // [h,w,3] -> [1,3,h,w]

    /// <summary>
    /// Exactly the value of <paramref name="forward"/> with the gradient of <paramref name="backward"/>:
    /// backward − backward.detach() is exactly zero, so no rounding creeps into the discrete colours
    /// (b + (f − b) need not equal f in floating point).
    /// </summary>
    private static Tensor ExactReplaceGrad(Tensor forward, Tensor backward)
    {
        using var scope = LibTorch.NewDisposeScope();
        return (forward.Detach() + (backward - backward.Detach())).MoveToOuterScope();
    }
}
