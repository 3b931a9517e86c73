using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Depth;

/// <summary>
/// DPT's fusion block: adds the refined skip input (<c>resConfUnit1</c>) to the coarser path, refines
/// the sum (<c>resConfUnit2</c>), resizes it bilinearly with aligned corners (to the next level's size,
/// or ×2 for the last) and projects it with the 1x1 <c>out_conv</c>.
/// </summary>
internal sealed class FeatureFusionBlock : nn.Module
{
    private readonly Conv2d out_conv;
    private readonly ResidualConvUnit resConfUnit1;
    private readonly ResidualConvUnit resConfUnit2;

    public FeatureFusionBlock(long features, bool batchNorm) : base(nameof(FeatureFusionBlock))
    {
        out_conv = nn.Conv2d(features, features, 1);
        resConfUnit1 = new ResidualConvUnit(features, batchNorm);
        resConfUnit2 = new ResidualConvUnit(features, batchNorm);
        RegisterComponents();
    }

    /// <summary><paramref name="path"/> from the coarser level; <paramref name="skip"/> from the encoder (absent for the coarsest); <paramref name="size"/> null doubles.</summary>
    public Tensor Fuse(Tensor path, Tensor? skip, long[]? size)
    {
        using var scope = NewDisposeScope();
        var output = skip is null ? path : path + resConfUnit1.forward(skip);
        output = resConfUnit2.forward(output);
        output = size is null
            ? nn.functional.interpolate(output, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bilinear, align_corners: true, recompute_scale_factor: false)
            : nn.functional.interpolate(output, size: size, mode: InterpolationMode.Bilinear, align_corners: true, recompute_scale_factor: false);
        return out_conv.forward(output).MoveToOuterDisposeScope();
    }
}

/// <summary>Pre-activation residual unit: <c>x + conv2(relu(conv1(relu(x))))</c>, with batch norms after the convolutions when used.</summary>
internal sealed class ResidualConvUnit : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d? bn1;
    private readonly BatchNorm2d? bn2;

    public ResidualConvUnit(long features, bool batchNorm) : base(nameof(ResidualConvUnit))
    {
        conv1 = nn.Conv2d(features, features, 3, padding: 1);
        conv2 = nn.Conv2d(features, features, 3, padding: 1);
        if (batchNorm)
        {
            bn1 = nn.BatchNorm2d(features);
            bn2 = nn.BatchNorm2d(features);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = conv1.forward(nn.functional.relu(x));
        if (bn1 is not null) y = bn1.forward(y);
        y = conv2.forward(nn.functional.relu(y));
        if (bn2 is not null) y = bn2.forward(y);
        return (y + x).MoveToOuterDisposeScope();
    }
}
