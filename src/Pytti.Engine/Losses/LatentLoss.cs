using Pytti.Engine.ImageModels;
using Pytti.Scenes.Expressions;
using Pytti.Torch;

namespace Pytti.Engine.Losses;

/// <summary>
/// VQGAN's direct loss (reference 6.2): <c>MSE(latent, latent_target)/2 + MSE(x, image_target)/10</c>.
/// The latent is the image model's quantised latent (straight-through to its parameter), not anything
/// computed from <c>x</c>; its target is the target image encoded and quantised, made on first use.
/// The image target is the target resized to the decoded image's size. An optional mask [1,1,h,w] in
/// [0,1] multiplies both sides of both terms, resized bilinearly to each term's resolution.
/// </summary>
public sealed class LatentLoss : WeightedLoss
{
    private readonly VqganImage _model;
    private readonly Tensor _target;
    private readonly Tensor? _mask;
    private Tensor? _latentTarget;
    private Tensor? _imageTarget;

    public LatentLoss(string name, CompiledExpression weight, CompiledExpression? stop, VqganImage model, Tensor target, Tensor? mask = null)
        : base(name, weight, stop)
    {
        _model = model;
        _target = target.DetachFromScopes();
        _mask = mask?.DetachFromScopes();
    }

    protected override Tensor Raw(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        EnsureTargets(image);
        var latent = Tensor.Wrap(_model.LatentTensor()!);                       // [1,e,ty,tx]; Wrapper boundary: goes when LatentLoss is on TorchSharp types
        var latentTerm = MaskedMse(latent, _latentTarget!) / 2.0;
        var imageTerm = MaskedMse(image, _imageTarget!) / 10.0;
        return (latentTerm + imageTerm).MoveToOuterScope();
    }

    private void EnsureTargets(Tensor image)
    {
        if (_latentTarget is not null && _imageTarget is not null) return;
        using var noGrad = LibTorch.NoGrad();
        _latentTarget = Tensor.Wrap(_model.MakeLatent(_target.Torch)).DetachFromScopes();   // Wrapper boundary: goes when LatentLoss is on TorchSharp types
        long[] size = [image.Size(2), image.Size(3)];
        var target = _target.To(image.Device);
        _imageTarget = (target.Size(2) == size[0] && target.Size(3) == size[1]
            ? target.Clone()
            : Imaging.Lanczos.Resize(target, size[0], size[1]))
            .DetachFromScopes();
    }

    /// <summary>mean((a·K − b·K)²) with the mask K resized to a's [h,w], or plain MSE without a mask.</summary>
    private Tensor MaskedMse(Tensor a, Tensor b)
    {
        using var scope = LibTorch.NewDisposeScope();
        if (_mask is null) return (a - b).Square().Mean().MoveToOuterScope();
        var k = Functional.Interpolate(_mask.To(a.Device), size: [a.Size(2), a.Size(3)], mode: InterpolateMode.Bilinear, alignCorners: false);
        return (a * k - b * k).Square().Mean().MoveToOuterScope();
    }

    public override void Dispose()
    {
        _target.Dispose();
        _mask?.Dispose();
        _latentTarget?.Dispose();
        _imageTarget?.Dispose();
    }
}
