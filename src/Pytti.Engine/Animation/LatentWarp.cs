using Pytti.Engine.ImageModels;
using TorchSharp;

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
    public static torch.Tensor Apply(ImageModel model, Func<torch.Tensor, torch.Tensor> warp)
    {
        using var scope = torch.NewDisposeScope();
        if (model.GetImageTensor() is { } grid)
        {
            model.SetImageTensor(Warp(grid, warp));
        }
        else
        {
            var decoded = model.DecodeForOutput();              // [1,3,H,W]
            model.EncodeImage(Warp(decoded, warp).clamp(0.0, 1.0));
        }
        return model.DecodeForOutput().MoveToOuterDisposeScope();
    }

    private static torch.Tensor Warp(torch.Tensor image, Func<torch.Tensor, torch.Tensor> warp)
    {
        using var noGrad = torch.no_grad();
        return warp(image);
    }
}
