using Pytti.Engine.Animation;
using Pytti.Scenes.Expressions;
using TorchSharp;

namespace Pytti.Engine.Losses;

/// <summary>
/// Mean squared error against a target image (reference 6.1), in RGB or, for the palette models,
/// RGB plus HSV saturation and value ("HSV loss"). An optional mask [1,1,h,w] in [0,1] multiplies
/// both sides, resized bilinearly to the image's size.
/// </summary>
public sealed class DirectImageLoss : WeightedLoss
{
    private readonly torch.Tensor _target;
    private readonly torch.Tensor? _mask;
    private readonly bool _hsv;
    private torch.Tensor? _convertedTarget;

    /// <summary>Takes ownership of <paramref name="target"/> [1,3,h,w] and <paramref name="mask"/>.</summary>
    public DirectImageLoss(string name, CompiledExpression weight, CompiledExpression? stop, torch.Tensor target, bool hsv, torch.Tensor? mask = null)
        : base(name, weight, stop)
    {
        _target = target.DetachFromDisposeScope();
        _mask = mask?.DetachFromDisposeScope();
        _hsv = hsv;
    }

    /// <summary>RGB channels plus HSV's saturation and value: [N,3,H,W] → [N,5,H,W].</summary>
    public static torch.Tensor WithSaturationValue(torch.Tensor rgb)
    {
        using var scope = torch.NewDisposeScope();
        var max = rgb.amax([1], keepdim: true);
        var min = rgb.amin([1], keepdim: true);
        var saturation = (max - min) / (max + 1e-8);
        return torch.cat([rgb, saturation, max], 1).MoveToOuterDisposeScope();
    }

    protected override torch.Tensor Raw(torch.Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        var size = new[] { image.size(2), image.size(3) };
        _convertedTarget ??= ConvertedTarget(size);
        var x = _hsv ? WithSaturationValue(image) : image;
        var target = _convertedTarget;
        if (_mask is not null)
        {
            var k = Interpolate.Bilinear(_mask, size);
            return Squares.Mean(x * k - target * k).MoveToOuterDisposeScope();
        }
        return Squares.Mean(x - target).MoveToOuterDisposeScope();
    }

    /// <summary>The target at the image's size (PIL's LANCZOS, reference 6.1), with saturation and value for the HSV loss; owned by the loss.</summary>
    private torch.Tensor ConvertedTarget(long[] size)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var resized = _target.size(2) == size[0] && _target.size(3) == size[1]
            ? _target
            : Imaging.Lanczos.Resize(_target, size[0], size[1]);
        return (_hsv ? WithSaturationValue(resized) : resized.clone()).DetachFromDisposeScope();
    }

    public override void Dispose()
    {
        _target.Dispose();
        _mask?.Dispose();
        _convertedTarget?.Dispose();
    }
}
