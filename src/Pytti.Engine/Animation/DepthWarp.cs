using Pytti.Engine.ImageModels;
using Pytti.Scenes.Schema;
using TorchSharp;

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
    public static torch.Tensor Apply(ImageModel model, PyttiSettings values, IReadOnlyDictionary<string, double> variables, DepthEstimator depth,
        Action<torch.Tensor, torch.Tensor>? motion = null)
    {
        depth.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var frame = model.DecodeForOutput();                          // [1,3,H,W]
        var (width, height) = (frame.size(3), frame.size(2));
        var cameraDepth = DepthRange.ToCamera(depth.Predict(frame), values.NearPlane, values.FarPlane, height); // [1,1,H,W]
        var all = new Dictionary<string, double>(variables, StringComparer.Ordinal);
        foreach (var (name, value) in DepthRange.Variables(cameraDepth, height)) all[name] = value;
        var camera = Camera3D.At(values, all);
        var resampling = Resampling.From(values);
        motion?.Invoke(frame, MotionField.Of(camera, cameraDepth, width, height));
        return LatentWarp.Apply(model, grid => Warp(grid, cameraDepth, camera, resampling, width, height)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Warps <paramref name="image"/> [1,C,h,w] by <paramref name="camera"/> with camera depth <paramref name="depth"/>
    /// [1,1,H',W'] (any size: resized bicubically to h×w), for an output of <paramref name="outputWidth"/>×<paramref name="outputHeight"/>.
    /// Tests pass a constant depth here.
    /// </summary>
    public static torch.Tensor Warp(torch.Tensor image, torch.Tensor depth, Camera3D camera, Resampling resampling, long outputWidth, long outputHeight)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (h, w) = (image.size(2), image.size(3));
        var d = depth.size(2) == h && depth.size(3) == w ? depth : Interpolate.Bicubic(depth, [h, w]);   // [1,1,h,w]
        var grid = camera.Grid(d, outputWidth, outputHeight).to(image.dtype, image.device);              // [1,h,w,2]
        return resampling.Apply(image, grid).MoveToOuterDisposeScope();
    }
}
