using Pytti.Scenes.Schema;
using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>
/// PyTTI's 3D camera move for one frame (reference 8.3 steps 5 to 8): translation (tx, ty, tz) in output
/// pixels, then rotation by the quaternion q = [w, x, y, z] (not normalised, GLM <c>mat4_cast</c>), seen
/// through a perspective of vertical field of view <c>field_of_view</c> (near 0.1, far 4, fixed as PyTTI).
/// Every grid point keeps its screen position at its depth: v = (x, y, −d, 1) with x ∈ [−w/h, w/h],
/// y ∈ [−1, 1] (rows downwards). The offset of a point is the change of its projected position (NDC) when
/// the camera moves; <c>lock_camera</c> subtracts the mean offset. Units: one output pixel is 2/H.
/// </summary>
public sealed record Camera3D(double TranslateX, double TranslateY, double TranslateZ, double[] Quaternion,
    double FieldOfView, bool LockCamera)
{
    /// <summary>PyTTI's fixed projection planes (the scene's near/far planes only scale depth, <see cref="DepthRange"/>).</summary>
    public const double ProjectionNear = 0.1, ProjectionFar = 4.0;

    /// <summary>The scene's 3D values evaluated with <paramref name="variables"/> (t, audio, r, R, mu).</summary>
    public static Camera3D At(PyttiSettings values, IReadOnlyDictionary<string, double> variables)
    {
        var rotation = values.Rotate3d.Evaluate(variables);
        var q = rotation.List is { Count: 4 } list ? list.ToArray()
            : throw new InvalidOperationException($"rotate_3d '{values.Rotate3d.Text}' must give a list of four numbers [w, x, y, z].");
        return new Camera3D(values.TranslateX.Evaluate(variables).Number, values.TranslateY.Evaluate(variables).Number,
            values.TranslateZ3d.Evaluate(variables).Number, q, values.FieldOfView, values.LockCamera);
    }

    /// <summary>
    /// The rotation matrix of the quaternion, row-major [3,3], mathematical (column vectors): GLM's
    /// <c>mat3_cast</c> without normalising, so a non-unit quaternion also scales.
    /// </summary>
    public double[] Rotation()
    {
        var (w, x, y, z) = (Quaternion[0], Quaternion[1], Quaternion[2], Quaternion[3]);
        return
        [
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
        ];
    }

    /// <summary>
    /// The NDC offset [1,h,w,2] (x, y) of every grid point when the camera moves, for per-pixel depth
    /// <paramref name="depth"/> [1,1,h,w] (camera units, see <see cref="DepthRange"/>) and an output of
    /// <paramref name="outputWidth"/>×<paramref name="outputHeight"/> pixels.
    /// </summary>
    public torch.Tensor Offset(torch.Tensor depth, long outputWidth, long outputHeight)
    {
        using var scope = torch.NewDisposeScope();
        var (h, w) = (depth.size(2), depth.size(3));
        var px = 2.0 / outputHeight;
        var gridAspect = (double)w / h;
        var d = depth.view(h, w).to_type(torch.float32);                                    // [h,w]
        var x = torch.linspace(-gridAspect, gridAspect, w, torch.float32, depth.device).view(1, w).expand(h, w);
        var y = torch.linspace(-1, 1, h, torch.float32, depth.device).view(h, 1).expand(h, w);
        var z = -d;
        // T = Rq · Tr: translate by (tx·px, −ty·px, tz·px), then rotate
        var (tx, ty, tz) = (x + TranslateX * px, y - TranslateY * px, z + TranslateZ * px);
        var m = Rotation();
        var mx = tx * m[0] + ty * m[1] + tz * m[2];
        var my = tx * m[3] + ty * m[4] + tz * m[5];
        var mz = tx * m[6] + ty * m[7] + tz * m[8];
        var (ndcX, ndcY) = Project(x, y, z, outputWidth, outputHeight);                    // [h,w] each
        var (movedX, movedY) = Project(mx, my, mz, outputWidth, outputHeight);
        var offset = torch.stack([movedX - ndcX, movedY - ndcY], 2).unsqueeze(0);          // [h,w,2] -> [1,h,w,2]
        if (LockCamera) offset = offset - offset.mean([1, 2], keepdim: true);
        return offset.MoveToOuterDisposeScope();
    }

    /// <summary>GLM's right-handed perspective then the divide: ndc = (P00·X, P11·Y) / (−Z).</summary>
    private (torch.Tensor X, torch.Tensor Y) Project(torch.Tensor x, torch.Tensor y, torch.Tensor z, long outputWidth, long outputHeight)
    {
        var tanHalf = Math.Tan(FieldOfView * Math.PI / 360);
        var p00 = 1 / ((double)outputWidth / outputHeight * tanHalf);
        var p11 = 1 / tanHalf;
        var clipW = -z;
        return (x * p00 / clipW, y * p11 / clipW);
    }

    /// <summary>
    /// The backward-warp grid [1,h,w,2] = identity − offset (PyTTI's first-order approximation: the forward
    /// offset evaluated at the destination pixel), for <c>grid_sample</c> with aligned corners.
    /// </summary>
    public torch.Tensor Grid(torch.Tensor depth, long outputWidth, long outputHeight)
    {
        using var scope = torch.NewDisposeScope();
        var (h, w) = (depth.size(2), depth.size(3));
        var identity = IdentityGrid(h, w, depth.device);                                    // [1,h,w,2]
        return (identity - Offset(depth, outputWidth, outputHeight)).MoveToOuterDisposeScope();
    }

    /// <summary>The align-corners identity grid [1,h,w,2] (x, y) in [-1, 1].</summary>
    internal static torch.Tensor IdentityGrid(long h, long w, torch.Device device) => torch.stack(
    [
        torch.linspace(-1, 1, w, torch.float32, device).view(1, w).expand(h, w),
        torch.linspace(-1, 1, h, torch.float32, device).view(h, 1).expand(h, w),
    ], 2).unsqueeze(0);                                                                     // [h,w,2] -> [1,h,w,2]
}
