using Pytti.Models.Depth;
using Pytti.Torch;

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

    /// <summary>Differentiable in <paramref name="image"/> [1,3,H,W] → [1,1,H,W] (bilinear, aligned corners, back to H×W).</summary>
    public Tensor Disparity(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var input = DepthPreprocessing.Prepare(image, InputSize);                     // [1,3,H',W'], H', W' multiples of 14
        var depth = Model.Forward(input).Unsqueeze(1);                                // [1,H',W'] -> [1,1,H',W']
        return Functional.Interpolate(depth, size: [image.Size(2), image.Size(3)], mode: InterpolateMode.Bilinear, alignCorners: true)
            .MoveToOuterScope();
    }

    /// <summary>As <see cref="Disparity"/>, without gradient.</summary>
    public Tensor Predict(Tensor image)
    {
        using var noGrad = LibTorch.NoGrad();
        return Disparity(image);
    }

    public void Dispose() => _model?.Dispose();
}
