using Pytti.Torch.Ops;
using TorchSharp;

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
    public static torch.Tensor Decode(torch.Tensor palette, torch.Tensor value, torch.Tensor logits, long outputHeight, long outputWidth)
    {
        using var scope = torch.NewDisposeScope();
        var v = value.clamp(0.0, 1.0) * (palette.size(0) - 1);                     // [h,w] in [0, P-1]
        var weights = logits.permute(1, 2, 0);                                       // [K,h,w] -> [h,w,K]
        var discrete = Discrete(palette, v, weights);
        var continuous = Continuous(palette, v, weights);
        var d = Interpolate.Nearest(ToImage(discrete), outputHeight, outputWidth);
        var c = Interpolate.Nearest(ToImage(continuous), outputHeight, outputWidth);
        // Exactly the discrete value (d.detach() + (b − b.detach()) adds an exact zero) with the blend's gradient.
        return d.ReplaceGrad(c * 0.5 + d * 0.5).MoveToOuterDisposeScope();
    }

    /// <summary>Colour at the rounded brightness (halves to even) in the arg-max palette: [h,w,3].</summary>
    public static torch.Tensor Discrete(torch.Tensor palette, torch.Tensor v, torch.Tensor weights)
    {
        using var scope = torch.NewDisposeScope();
        var rounded = v.round().to_type(torch.int64);                               // [h,w]
        var chosen = weights.argmax(2);                                              // [h,w]
        return Gather(palette, rounded, chosen).MoveToOuterDisposeScope();           // [P,K,3] -> [h,w,3]
    }

    /// <summary>Σ_k softmax_k · (pal[floor,k]·(1−fr) + pal[ceil,k]·fr): [h,w,3].</summary>
    public static torch.Tensor Continuous(torch.Tensor palette, torch.Tensor v, torch.Tensor weights)
    {
        using var scope = torch.NewDisposeScope();
        var floor = v.floor();
        var fraction = (v - floor).unsqueeze(-1).unsqueeze(-1);                      // [h,w] -> [h,w,1,1]
        var low = Gather(palette, floor.to_type(torch.int64));                       // [h,w,K,3]
        var high = Gather(palette, v.ceil().to_type(torch.int64));                   // [h,w,K,3]
        var blend = low * fraction.neg().add(1) + high * fraction;                   // 1 − fr as −fr + 1 (ATen's rsub); [h,w,K,3]
        var mix = torch.nn.functional.softmax(weights, 2).unsqueeze(-1);             // [h,w,K] -> [h,w,K,1]
        return (blend * mix).sum([2]).MoveToOuterDisposeScope();                     // [h,w,3]
    }

    /// <summary>Advanced indexing <c>palette[i0, i1, ...]</c> over the leading dimensions.</summary>
    private static torch.Tensor Gather(torch.Tensor palette, params torch.Tensor[] indices) =>
        palette.index(indices.Select(torch.TensorIndex.Tensor).ToArray());

    private static torch.Tensor ToImage(torch.Tensor colours) => colours.permute(2, 0, 1).unsqueeze(0); // [h,w,3] -> [1,3,h,w]
}
