using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>
/// The 3D camera's motion field in pixels (reference 8.3 step 10), the target of <see cref="Losses.TargetFlowLoss"/>.
/// Sign convention, the same as RAFT's flow from the previous frame to the next (<see cref="Pytti.Models.Flow.RaftFlow"/>):
/// <c>previous[p] ≈ next[p + F(p)]</c>, i.e. F = the forward offset of <see cref="Camera3D.Offset"/> =
/// identity grid − warp grid (the warp samples <c>out(p) = in(p − offset(p))</c>), channels (dx, dy), x right, y down.
/// Units: pixels of the grid the field is computed on. Unlike PyTTI (<c>offset/2·(W, H)</c>), one normalised unit is
/// <c>(W − 1)/2</c> pixels, which is what the align-corners warp moves an image by.
/// </summary>
public static class MotionField
{
    /// <summary>The motion field [1,2,H,W] of <paramref name="camera"/> at depth <paramref name="depth"/> [1,1,h',w'] (camera units, resized bicubically) for an output of <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static torch.Tensor Of(Camera3D camera, torch.Tensor depth, long width, long height)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var d = depth.size(2) == height && depth.size(3) == width ? depth : Interpolate.Bicubic(depth, [height, width]);
        return FromGrid(camera.Grid(d.to_type(torch.float32), width, height)).MoveToOuterDisposeScope();
    }

    /// <summary>A backward-warp grid [1,h,w,2] (align-corners normalised) as a flow [1,2,h,w] in pixels: (identity − grid)·((w−1)/2, (h−1)/2).</summary>
    public static torch.Tensor FromGrid(torch.Tensor grid)
    {
        using var scope = torch.NewDisposeScope();
        var (h, w) = (grid.size(1), grid.size(2));
        var identity = Camera3D.IdentityGrid(h, w, grid.device);                                // [1,h,w,2]
        var scale = torch.tensor(new[] { (w - 1) / 2f, (h - 1) / 2f }, [1, 1, 1, 2]).to(grid.device);
        return ((identity - grid.to_type(torch.float32)) * scale).permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();   // [1,h,w,2] -> [1,2,h,w]
    }
}
