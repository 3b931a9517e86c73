using Pytti.Engine.Animation;
using Pytti.Engine.ImageModels;
using Pytti.Scenes.Expressions;
using TorchSharp;

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
    private readonly torch.Tensor _target;
    private readonly torch.Tensor? _mask;
    private torch.Tensor? _latentTarget;
    private torch.Tensor? _imageTarget;

    /// <summary>Takes ownership of <paramref name="target"/> [1,3,h,w] and <paramref name="mask"/>.</summary>
    public LatentLoss(string name, CompiledExpression weight, CompiledExpression? stop, VqganImage model, torch.Tensor target, torch.Tensor? mask = null)
        : base(name, weight, stop)
    {
        _model = model;
        _target = target.DetachFromDisposeScope();
        _mask = mask?.DetachFromDisposeScope();
    }

    protected override torch.Tensor Raw(torch.Tensor image)
    {
        EnsureTargets(image);
        using var scope = torch.NewDisposeScope();
        var latent = _model.LatentTensor()!;                 // [1,e,ty,tx]
        var latentTerm = MaskedMse(latent, _latentTarget!) / 2.0;
        var imageTerm = MaskedMse(image, _imageTarget!) / 10.0;
        return (latentTerm + imageTerm).MoveToOuterDisposeScope();
    }

    private void EnsureTargets(torch.Tensor image)
    {
        if (_latentTarget is not null && _imageTarget is not null) return;
        using var noGrad = torch.no_grad();
        _latentTarget = _model.MakeLatent(_target).DetachFromDisposeScope();
        using var scope = torch.NewDisposeScope();
        long[] size = [image.size(2), image.size(3)];
        var target = _target.to(image.device);
        _imageTarget = (target.size(2) == size[0] && target.size(3) == size[1]
            ? target.clone()
            : Imaging.Lanczos.Resize(target, size[0], size[1]))
            .DetachFromDisposeScope();
    }

    /// <summary>mean((a·K − b·K)²) with the mask K resized to a's [h,w], or plain MSE without a mask.</summary>
    private torch.Tensor MaskedMse(torch.Tensor a, torch.Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        if (_mask is null) return Squares.Mean(a - b).MoveToOuterDisposeScope();
        var k = Interpolate.Bilinear(_mask.to(a.device), [a.size(2), a.size(3)]);
        return Squares.Mean(a * k - b * k).MoveToOuterDisposeScope();
    }

    public override void Dispose()
    {
        _target.Dispose();
        _mask?.Dispose();
        _latentTarget?.Dispose();
        _imageTarget?.Dispose();
    }
}
