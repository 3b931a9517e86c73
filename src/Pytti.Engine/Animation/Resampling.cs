using Pytti.Scenes.Schema;
using Pytti.Torch;

namespace Pytti.Engine.Animation;

/// <summary>What fills the frame where an animation transform samples outside the image (<c>infill_mode</c>).</summary>
public enum InfillMode { Mirror, Smear, Black, Wrap }

/// <summary>
/// How animation transforms resample an image (reference 8): <c>grid_sample</c> with
/// <c>align_corners=True</c>, <c>sampling_mode</c> as the interpolation, and <c>infill_mode</c> as the padding:
/// mirror → reflection, smear → border, black → zeros, wrap → zeros after PyTTI's wrap coordinate rule.
/// </summary>
public sealed record Resampling(GridSampleMode Sampling, InfillMode Infill)
{
    /// <summary>PyTTI's wrap modulus: slightly more than the width 2 of the normalised frame.</summary>
    public const double WrapModulus = 2.0001;

    public static Resampling From(PyttiSettings values) => new(ParseSampling(values.SamplingMode), ParseInfill(values.InfillMode));

    public static GridSampleMode ParseSampling(string mode) => mode switch
    {
        "nearest" => GridSampleMode.Nearest,
        "bilinear" => GridSampleMode.Bilinear,
        "bicubic" => GridSampleMode.Bicubic,
        _ => throw new ArgumentException($"sampling_mode '{mode}' is not one of nearest, bilinear, bicubic", nameof(mode)),
    };

    public static InfillMode ParseInfill(string mode) => mode switch
    {
        "mirror" => InfillMode.Mirror,
        "smear" => InfillMode.Smear,
        "black" => InfillMode.Black,
        "wrap" => InfillMode.Wrap,
        _ => throw new ArgumentException($"infill_mode '{mode}' is not one of mirror, wrap, black, smear", nameof(mode)),
    };

    private GridPaddingMode Padding => Infill switch
    {
        InfillMode.Mirror => GridPaddingMode.Reflection,
        InfillMode.Smear => GridPaddingMode.Border,
        _ => GridPaddingMode.Zeros,
    };

    /// <summary>Samples <paramref name="image"/> [N,C,h,w] at <paramref name="grid"/> [N,h',w',2] (x, y in [-1, 1]) → [N,C,h',w'].</summary>
    public Tensor Apply(Tensor image, Tensor grid)
    {
        using var scope = LibTorch.NewDisposeScope();
        var coordinates = Infill == InfillMode.Wrap ? Wrap(grid) : grid;
        return Functional.GridSample(image, coordinates, Sampling, Padding, alignCorners: true).MoveToOuterScope();
    }

    /// <summary>
    /// PyTTI's wrap rule: when any coordinate lies outside [-1, 1], with m = ceil(max |g|) made odd, every
    /// coordinate becomes ((g + m) mod 2.0001) − 1. The period is 2 in normalised coordinates (one pixel
    /// less than the image), and a coordinate of exactly −1 lands on +1 (reference 12, quirk 23).
    /// </summary>
    public static Tensor Wrap(Tensor grid)
    {
        using var scope = LibTorch.NewDisposeScope();
        var largest = Math.Max(grid.Clamp(min: 1.0).Max().Item(), Math.Abs(grid.Clamp(max: -1.0).Min().Item()));
        if (largest <= 1) return grid.Share().MoveToOuterScope();
        var m = (int)Math.Ceiling(largest);
        m += 1 - m % 2;
        return ((grid + m) % WrapModulus - 1.0).MoveToOuterScope();
    }
}
