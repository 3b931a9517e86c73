using Pytti.Models.Depth;
using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>
/// Depth Anything V2 for the renderer (3D warp and depth stabilisation): relative inverse depth
/// (larger = nearer) of an RGB image [1,3,H,W] in [0,1], at the image's size. The network sees the image
/// resized (aspect kept) so both sides are at least <see cref="InputSize"/> and multiples of 14, as upstream's
/// <c>infer_image</c>. The model is loaded on first use and disposed with this object.
/// </summary>
public sealed class DepthEstimator(Func<DepthModel> load, int inputSize = DepthEstimator.DefaultInputSize) : IDisposable
{
    /// <summary>Upstream's inference size.</summary>
    public const int DefaultInputSize = 518;

    private DepthModel? _model;

    public int InputSize { get; } = inputSize;

    private DepthModel Model => _model ??= load();

    /// <summary>Loads the model now; call it outside TorchSharp dispose scopes (one would dispose the weights) before a scope that estimates depth.</summary>
    public void EnsureLoaded() => _ = Model;

    /// <summary>Differentiable in <paramref name="image"/> [1,3,H,W] → [1,1,H,W] (bilinear, aligned corners, back to H×W).</summary>
    public torch.Tensor Disparity(torch.Tensor image)
    {
        var model = Model;                                                            // loaded outside the scope, which would dispose its weights
        using var scope = torch.NewDisposeScope();
        var input = DepthPreprocessing.Prepare(image, InputSize);                     // [1,3,H',W'], H', W' multiples of 14
        var depth = model.forward(input).unsqueeze(1);                                // [1,H',W'] -> [1,1,H',W']
        return torch.nn.functional.interpolate(depth, [image.size(2), image.size(3)], mode: torch.InterpolationMode.Bilinear,
            align_corners: true, recompute_scale_factor: false).MoveToOuterDisposeScope();
    }

    /// <summary>As <see cref="Disparity"/>, without gradient.</summary>
    public torch.Tensor Predict(torch.Tensor image)
    {
        using var noGrad = torch.no_grad();
        return Disparity(image);
    }

    public void Dispose() => _model?.Dispose();
}
