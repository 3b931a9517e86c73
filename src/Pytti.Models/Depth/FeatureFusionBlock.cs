using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Depth;

/// <summary>
/// DPT's fusion block: adds the refined skip input (<c>resConfUnit1</c>) to the coarser path, refines
/// the sum (<c>resConfUnit2</c>), resizes it bilinearly with aligned corners (to the next level's size,
/// or ×2 for the last) and projects it with the 1x1 <c>out_conv</c>.
/// </summary>
internal sealed class FeatureFusionBlock : Module
{
    public FeatureFusionBlock(long features, bool batchNorm)
    {
        out_conv = RegisterModule("out_conv", new Conv2d(features, features, 1));
        resConfUnit1 = RegisterModule("resConfUnit1", new ResidualConvUnit(features, batchNorm));
        resConfUnit2 = RegisterModule("resConfUnit2", new ResidualConvUnit(features, batchNorm));
    }

    public Conv2d out_conv { get; }
    public ResidualConvUnit resConfUnit1 { get; }
    public ResidualConvUnit resConfUnit2 { get; }

    /// <summary><paramref name="path"/> from the coarser level; <paramref name="skip"/> from the encoder (absent for the coarsest); <paramref name="size"/> null doubles.</summary>
    public Tensor Fuse(Tensor path, Tensor? skip, long[]? size)
    {
        using var scope = LibTorch.NewDisposeScope();
        var output = skip is null ? path : path + resConfUnit1.Forward(skip);
        output = resConfUnit2.Forward(output);
        output = size is null
            ? Functional.Interpolate(output, scaleFactor: [2.0, 2.0], mode: InterpolateMode.Bilinear, alignCorners: true)
            : Functional.Interpolate(output, size: size, mode: InterpolateMode.Bilinear, alignCorners: true);
        return out_conv.Forward(output).MoveToOuterScope();
    }
}

/// <summary>Pre-activation residual unit: <c>x + conv2(relu(conv1(relu(x))))</c>, with batch norms after the convolutions when used.</summary>
internal sealed class ResidualConvUnit : Module
{
    public ResidualConvUnit(long features, bool batchNorm)
    {
        conv1 = RegisterModule("conv1", new Conv2d(features, features, 3, padding: 1));
        conv2 = RegisterModule("conv2", new Conv2d(features, features, 3, padding: 1));
        if (batchNorm)
        {
            bn1 = RegisterModule("bn1", new BatchNorm2d(features));
            bn2 = RegisterModule("bn2", new BatchNorm2d(features));
        }
    }

    public Conv2d conv1 { get; }
    public Conv2d conv2 { get; }
    public BatchNorm2d? bn1 { get; }
    public BatchNorm2d? bn2 { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var y = conv1.Forward(Functional.Relu(x));
        if (bn1 is not null) y = bn1.Forward(y);
        y = conv2.Forward(Functional.Relu(y));
        if (bn2 is not null) y = bn2.Forward(y);
        return (y + x).MoveToOuterScope();
    }
}
