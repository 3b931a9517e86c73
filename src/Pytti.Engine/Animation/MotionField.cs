using Pytti.Torch;

namespace Pytti.Engine.Animation;

/// <summary>
/// The 3D camera's motion field in pixels (reference 8.3 step 10), the target of <see cref="Losses.TargetFlowLoss"/>.
/// Sign convention, the same as RAFT's flow from the previous frame to the next (<see cref="Pytti.Models.Flow.FlowEstimate"/>):
/// <c>previous[p] ≈ next[p + F(p)]</c>, i.e. F = the forward offset of <see cref="Camera3D.Offset"/> =
/// identity grid − warp grid (the warp samples <c>out(p) = in(p − offset(p))</c>), channels (dx, dy), x right, y down.
/// Units: pixels of the grid the field is computed on. Unlike PyTTI (<c>offset/2·(W, H)</c>), one normalised unit is
/// <c>(W − 1)/2</c> pixels, which is what the align-corners warp moves an image by.
/// </summary>
public static class MotionField
{
    /// <summary>The motion field [1,2,H,W] of <paramref name="camera"/> at depth <paramref name="depth"/> [1,1,h',w'] (camera units, resized bicubically) for an output of <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static Tensor Of(Camera3D camera, Tensor depth, long width, long height)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var d = depth.Size(2) == height && depth.Size(3) == width
            ? depth
            : Functional.Interpolate(depth, size: [height, width], mode: InterpolateMode.Bicubic, alignCorners: false);
        return FromGrid(camera.Grid(d.To(DType.Float32), width, height)).MoveToOuterScope();
    }

    /// <summary>A backward-warp grid [1,h,w,2] (align-corners normalised) as a flow [1,2,h,w] in pixels: (identity − grid)·((w−1)/2, (h−1)/2).</summary>
    public static Tensor FromGrid(Tensor grid)
    {
        using var scope = LibTorch.NewDisposeScope();
        var (h, w) = (grid.Size(1), grid.Size(2));
        var identity = Tensor.Stack(
        [
            Tensor.Linspace(-1, 1, w, device: grid.Device).View(1, w).Expand(h, w),
            Tensor.Linspace(-1, 1, h, device: grid.Device).View(h, 1).Expand(h, w),
        ], 2).Unsqueeze(0);                                                                 // [1,h,w,2]
        var scale = Tensor.From(new[] { (w - 1) / 2f, (h - 1) / 2f }, 1, 1, 1, 2).To(grid.Device);
        return ((identity - grid.To(DType.Float32)) * scale).Permute(0, 3, 1, 2).Contiguous().MoveToOuterScope();
    }
}
