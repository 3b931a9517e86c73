using Pytti.Engine.ImageModels;
using Pytti.Scenes.Schema;
using Pytti.Torch;

namespace Pytti.Engine.Animation;

/// <summary>
/// PyTTI's <c>zoom_3d</c> (reference 8.3): the depth of the current decoded frame (Depth Anything, no
/// gradient, mapped by <see cref="DepthRange"/>), the camera of the frame (<see cref="Camera3D"/>, whose
/// expressions may read r, R, mu), and a backward warp of the model's latent grid (or decoded image) with
/// the depth resized bicubically to that grid, sampled with <c>sampling_mode</c> and <c>infill_mode</c>.
/// </summary>
public static class DepthWarp
{
    /// <summary>One frame's 3D move of <paramref name="model"/>; returns the decoded image after it (the caller owns it).</summary>
    /// <param name="motion">When given, called before the warp with the decoded frame [1,3,H,W] and the camera's
    /// <see cref="MotionField"/> [1,2,H,W] in output pixels (3D flow stabilisation); both are borrowed.</param>
    public static Tensor Apply(ImageModel model, PyttiSettings values, IReadOnlyDictionary<string, double> variables, DepthEstimator depth,
        Action<Tensor, Tensor>? motion = null)
    {
        using var scope = LibTorch.NewDisposeScope();
        var frame = Tensor.Wrap(model.DecodeForOutput());                                 // [1,3,H,W]; Wrapper boundary: goes when DepthWarp is on TorchSharp types
        var (width, height) = (frame.Size(3), frame.Size(2));
        var cameraDepth = DepthRange.ToCamera(depth.Predict(frame), values.NearPlane, values.FarPlane, height); // [1,1,H,W]
        var all = new Dictionary<string, double>(variables, StringComparer.Ordinal);
        foreach (var (name, value) in DepthRange.Variables(cameraDepth, height)) all[name] = value;
        var camera = Camera3D.At(values, all);
        var resampling = Resampling.From(values);
        motion?.Invoke(frame, MotionField.Of(camera, cameraDepth, width, height));
        return LatentWarp.Apply(model, grid => Warp(grid, cameraDepth, camera, resampling, width, height)).MoveToOuterScope();
    }

    /// <summary>
    /// Warps <paramref name="image"/> [1,C,h,w] by <paramref name="camera"/> with camera depth <paramref name="depth"/>
    /// [1,1,H',W'] (any size: resized bicubically to h×w), for an output of <paramref name="outputWidth"/>×<paramref name="outputHeight"/>.
    /// Tests pass a constant depth here.
    /// </summary>
    public static Tensor Warp(Tensor image, Tensor depth, Camera3D camera, Resampling resampling, long outputWidth, long outputHeight)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var (h, w) = (image.Size(2), image.Size(3));
        var d = depth.Size(2) == h && depth.Size(3) == w
            ? depth
            : Functional.Interpolate(depth, size: [h, w], mode: InterpolateMode.Bicubic, alignCorners: false);   // [1,1,h,w]
        var grid = camera.Grid(d, outputWidth, outputHeight).To(image.Device, image.DType);                    // [1,h,w,2]
        return resampling.Apply(image, grid).MoveToOuterScope();
    }
}
