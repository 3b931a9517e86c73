using Pytti.Scenes.Schema;
using Pytti.Torch;
using Pytti.Torch.Ops;
using TorchSharp;

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

    private torch.GridSamplePaddingMode Padding => Infill switch
    {
        InfillMode.Mirror => torch.GridSamplePaddingMode.Reflection,
        InfillMode.Smear => torch.GridSamplePaddingMode.Border,
        _ => torch.GridSamplePaddingMode.Zeros,
    };

    /// <summary>Samples <paramref name="image"/> [N,C,h,w] at <paramref name="grid"/> [N,h',w',2] (x, y in [-1, 1]) → [N,C,h',w'].</summary>
    public torch.Tensor Apply(torch.Tensor image, torch.Tensor grid)
    {
        using var scope = torch.NewDisposeScope();
        var coordinates = Infill == InfillMode.Wrap ? Wrap(grid) : grid;
        return GridSampling.GridSample(image, coordinates, Sampling, Padding, alignCorners: true).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// PyTTI's wrap rule: when any coordinate lies outside [-1, 1], with m = ceil(max |g|) made odd, every
    /// coordinate becomes ((g + m) mod 2.0001) − 1. The period is 2 in normalised coordinates (one pixel
    /// less than the image), and a coordinate of exactly −1 lands on +1 (reference 12, quirk 23).
    /// </summary>
    public static torch.Tensor Wrap(torch.Tensor grid)
    {
        using var scope = torch.NewDisposeScope();
        var largest = Math.Max(grid.clamp(min: 1.0).max().ToDouble(), Math.Abs(grid.clamp(max: -1.0).min().ToDouble()));
        if (largest <= 1) return grid.alias().MoveToOuterDisposeScope();
        var m = (int)Math.Ceiling(largest);
        m += 1 - m % 2;
        return ((grid + m) % WrapModulus - 1.0).MoveToOuterDisposeScope();
    }
}
