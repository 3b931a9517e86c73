using Pytti.Scenes.Expressions;
using Pytti.Torch;

namespace Pytti.Engine.Losses;

/// <summary>
/// Mean squared error against a target image (reference 6.1), in RGB or, for the palette models,
/// RGB plus HSV saturation and value ("HSV loss"). An optional mask [1,1,h,w] in [0,1] multiplies
/// both sides, resized bilinearly to the image's size.
/// </summary>
public sealed class DirectImageLoss : WeightedLoss
{
    private readonly Tensor _target;
    private readonly Tensor? _mask;
    private readonly bool _hsv;
    private Tensor? _convertedTarget;

    public DirectImageLoss(string name, CompiledExpression weight, CompiledExpression? stop, Tensor target, bool hsv, Tensor? mask = null)
        : base(name, weight, stop)
    {
        _target = target.DetachFromScopes();
        _mask = mask?.DetachFromScopes();
        _hsv = hsv;
    }

    /// <summary>RGB channels plus HSV's saturation and value: [N,3,H,W] → [N,5,H,W].</summary>
    public static Tensor WithSaturationValue(Tensor rgb)
    {
        using var scope = LibTorch.NewDisposeScope();
        var max = rgb.AMax([1], keepDim: true);
        var min = rgb.AMin([1], keepDim: true);
        var saturation = (max - min) / (max + 1e-8);
        return Tensor.Cat([rgb, saturation, max], 1).MoveToOuterScope();
    }

    protected override Tensor Raw(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var size = new[] { image.Size(2), image.Size(3) };
        if (_convertedTarget is null)
        {
            using var noGrad = LibTorch.NoGrad();
            var resized = _target.Size(2) == size[0] && _target.Size(3) == size[1]
                ? _target
                : Imaging.Lanczos.Resize(_target, size[0], size[1]);   // PIL's LANCZOS (reference 6.1)
            _convertedTarget = (_hsv ? WithSaturationValue(resized) : resized.Clone()).DetachFromScopes();
        }
        var x = _hsv ? WithSaturationValue(image) : image;
        var target = _convertedTarget;
        if (_mask is not null)
        {
            var k = Functional.Interpolate(_mask, size: size, mode: InterpolateMode.Bilinear, alignCorners: false);
            return (x * k - target * k).Square().Mean().MoveToOuterScope();
        }
        return (x - target).Square().Mean().MoveToOuterScope();
    }

    public override void Dispose()
    {
        _target.Dispose();
        _mask?.Dispose();
        _convertedTarget?.Dispose();
    }
}
