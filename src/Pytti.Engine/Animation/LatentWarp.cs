using Pytti.Engine.ImageModels;
using Pytti.Torch;

namespace Pytti.Engine.Animation;

/// <summary>
/// Applies an animation warp to an image model (reference 8): to its latent grid when it has one
/// (Unlimited: RGB, Limited: brightness and palette logits), otherwise to its decoded image, which is
/// then encoded again (VQGAN). Returns the decoded image after the warp: the next frame that the
/// stabilisation losses aim at (reference 8.2).
/// </summary>
public static class LatentWarp
{
    /// <param name="warp">[1,C,h,w] → [1,C,h,w], called without gradient.</param>
    /// <returns>The decoded image [1,3,H,W] after the warp (the caller owns it).</returns>
    public static Tensor Apply(ImageModel model, Func<Tensor, Tensor> warp)
    {
        using var scope = LibTorch.NewDisposeScope();
        if (model.GetImageTensor() is { } grid)
        {
            model.SetImageTensor(Warp(Tensor.Wrap(grid), warp).Torch);          // Wrapper boundary: goes when LatentWarp is on TorchSharp types
        }
        else
        {
            var decoded = Tensor.Wrap(model.DecodeForOutput());                 // [1,3,H,W]; Wrapper boundary: goes when LatentWarp is on TorchSharp types
            model.EncodeImage(Warp(decoded, warp).Clamp(0.0, 1.0).Torch);       // Wrapper boundary: goes when LatentWarp is on TorchSharp types
        }
        return Tensor.Wrap(model.DecodeForOutput()).MoveToOuterScope();         // Wrapper boundary: goes when LatentWarp is on TorchSharp types
    }

    private static Tensor Warp(Tensor image, Func<Tensor, Tensor> warp)
    {
        using var noGrad = LibTorch.NoGrad();
        return warp(image);
    }
}
