using Pytti.Engine.Animation;
using Pytti.Torch;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>
/// PyTTI's 3D camera warp (reference 8.3) with an injected constant depth d, against 2D transforms (8.1).
/// Derivation: with depth d, px = 2/H, δ = tz·px, s = 1/(tan(fov/2)·d) and grid aspect = output aspect,
/// a pure translate_z moves every grid point p (normalised) to p·(1 − k), k = δ/(tan(fov/2)·d·(d − δ)):
/// exactly the 2D zoom with zoom_x_2d = W·k, zoom_y_2d = H·k. A pure translate_x equals the 2D
/// translate_x·s. A rotation by θ about the view axis (q = [cos θ/2, 0, 0, sin θ/2]) gives the grid
/// p − s·(R_θ p − p); with s = 1 that is 2p − R_θ p, the 2D rotation by −θ (rotate_2d = −θ on screen,
/// y down) to first order: the grids differ by exactly (2 − 2cos θ)·|p| (square image).
/// </summary>
public class Animation3DCameraTests
{
    private const double Fov = 60;
    private static readonly double TanHalf = Math.Tan(Fov * Math.PI / 360);
    private static readonly Resampling Bilinear = new(GridSampleMode.Bilinear, InfillMode.Black);

    private static torch.Tensor Random(long h, long w)
    {
        using var generator = new torch.Generator(11);
        return torch.rand([1, 3, h, w], generator: generator);
    }

    private static torch.Tensor Constant(double d, long h, long w) => torch.full([1, 1, h, w], d);

    private static torch.Tensor Smooth(long h, long w)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.linspace(0, 1, w).view(1, 1, 1, w);
        var y = torch.linspace(0, 1, h).view(1, 1, h, 1);
        return torch.cat([x * y, x + 0 * y, 1 - y + 0 * x], 1).MoveToOuterDisposeScope();          // [1,3,h,w]
    }

    private static float MaxAbsDiff(torch.Tensor a, torch.Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return (float)(a - b).abs().max().ToDouble();
    }

    private static Camera3D Camera(double tx = 0, double ty = 0, double tz = 0, double[]? q = null, bool lockCamera = false) =>
        new(tx, ty, tz, q ?? [1, 0, 0, 0], Fov, lockCamera);

    [Theory]
    [InlineData(32, 32, 2.0, 10, false)]
    [InlineData(32, 32, 1.5, -6, true)]
    [InlineData(24, 40, 3.0, 20, true)]
    public void With_constant_depth_a_pure_translate_z_is_the_2D_zoom(int h, int w, double d, double tz, bool lockCamera)
    {
        using var scope = torch.NewDisposeScope();
        var image = Random(h, w);
        var delta = tz * 2.0 / h;
        var k = delta / (TanHalf * d * (d - delta));
        var warped = DepthWarp.Warp(image, Constant(d, h, w), Camera(tz: tz, lockCamera: lockCamera), Bilinear, w, h);
        var zoomed = new Transform2D(0, 0, 0, w * k, h * k).Apply(image, Bilinear);
        Assert.True(Math.Abs(w * k) > 0.5, $"the zoom must be visible: {w * k} px");
        Assert.True(MaxAbsDiff(warped, zoomed) < 1e-4f, $"{MaxAbsDiff(warped, zoomed)}");   // float32 grids: observed ~1e-6
    }

    [Fact]
    public void Positive_translate_z_zooms_in()
    {
        using var scope = torch.NewDisposeScope();
        using var grid = Camera(tz: 1).Grid(Constant(2, 16, 16), 16, 16);                      // [1,16,16,2]
        Assert.InRange(grid[0][0][0][0].ToDouble(), -0.999, -0.9);                                  // the corner samples inside
    }

    [Fact]
    public void With_constant_depth_and_an_unlocked_camera_translate_x_is_the_2D_translation_scaled_by_the_depth()
    {
        using var scope = torch.NewDisposeScope();
        var image = Random(16, 24);
        const double d = 2.5;
        var warped = DepthWarp.Warp(image, Constant(d, 16, 16), Camera(tx: 3, ty: -2), Bilinear, 24, 16);
        var shifted = new Transform2D(3 / (TanHalf * d), -2 / (TanHalf * d), 0, 0, 0).Apply(image, Bilinear);
        Assert.True(MaxAbsDiff(warped, shifted) < 1e-4f, $"{MaxAbsDiff(warped, shifted)}");
    }

    [Fact]
    public void With_a_locked_camera_pure_translation_over_constant_depth_leaves_the_image_unchanged()
    {
        using var scope = torch.NewDisposeScope();
        var image = Random(16, 16);
        var warped = DepthWarp.Warp(image, Constant(2, 16, 16), Camera(tx: 3, ty: 2, lockCamera: true), Bilinear, 16, 16);
        Assert.True(MaxAbsDiff(warped, image) < 1e-5f, $"{MaxAbsDiff(warped, image)}");
    }

    [Fact]
    public void A_locked_camera_removes_the_mean_drift_but_keeps_the_parallax()
    {
        using var scope = torch.NewDisposeScope();
        var depth = 1.0 + torch.linspace(0, 2, 16).view(1, 1, 1, 16) * torch.ones([1, 1, 16, 16]);   // far on the right
        var locked = Camera(tx: 4, lockCamera: true).Offset(depth, 16, 16);                 // [1,16,16,2]
        var free = Camera(tx: 4).Offset(depth, 16, 16);
        Assert.True(Math.Abs(locked.mean([0, 1, 2])[0].ToDouble()) < 1e-6);
        Assert.True(Math.Abs(locked.mean([0, 1, 2])[1].ToDouble()) < 1e-6);
        Assert.True(free.mean([0, 1, 2])[0].ToDouble() > 0.01);                                  // positive translate_x moves content right
        Assert.True(MaxAbsDiff(locked - free, (locked - free).mean([1, 2], keepdim: true)) < 1e-6f); // the same parallax
        Assert.True(locked[0][0][0][0].ToDouble() > locked[0][0][15][0].ToDouble());                 // near points move more than far ones
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(-5.0)]
    public void A_rotation_about_the_view_axis_over_constant_depth_is_the_2D_rotation(double degrees)
    {
        using var scope = torch.NewDisposeScope();
        const int n = 32;
        var d = 1 / TanHalf;                                                                  // s = 1
        var half = degrees * Math.PI / 360;
        var camera = Camera(q: [Math.Cos(half), 0, 0, Math.Sin(half)]);
        var grid3d = camera.Grid(Constant(d, n, n), n, n);
        var theta = degrees * Math.PI / 180;
        var matrix = new Transform2D(0, 0, -degrees, 0, 0).Matrix(n, n);
        var grid2d = torch.nn.functional.affine_grid(torch.tensor(matrix, [1, 2, 3]), [1, 1, n, n], align_corners: true);
        var bound = (2 - 2 * Math.Cos(theta)) * Math.Sqrt(2);                                 // second order, at the corners
        Assert.True(MaxAbsDiff(grid3d, grid2d) <= bound + 1e-5, $"{MaxAbsDiff(grid3d, grid2d)} > {bound}");
        var image = Smooth(n, n);
        var smear = new Resampling(GridSampleMode.Bilinear, InfillMode.Smear);            // no black edge: differences stay ∝ the grid's
        var rotated3d = DepthWarp.Warp(image, Constant(d, n, n), camera, smear, n, n);
        var rotated2d = new Transform2D(0, 0, -degrees, 0, 0).Apply(image, smear);
        // the smooth image changes by at most 2/(n−1) per pixel; the grids differ by ≤ bound·(n−1)/2 pixels
        Assert.True(MaxAbsDiff(rotated3d, rotated2d) < 2 * bound + 1e-4, $"{MaxAbsDiff(rotated3d, rotated2d)}");
        Assert.True(MaxAbsDiff(rotated3d, image) > 5 * MaxAbsDiff(rotated3d, rotated2d));       // it did rotate, far more than the mismatch
    }

    [Fact]
    public void The_depth_map_puts_the_nearest_pixel_at_one_tenth_and_the_farthest_at_the_far_plane()
    {
        using var scope = torch.NewDisposeScope();
        var disparity = torch.tensor(new[] { 0f, 1f, 2f, 4f }, [1, 1, 2, 2]);                            // larger = nearer
        var camera = DepthRange.ToCamera(disparity, 1, 10000, 100).Floats();
        var px = 2.0 / 100;
        Assert.Equal(10000 * px, camera[0], 2);                                               // farthest: far plane
        Assert.Equal(px + (1 - 0.001) / (10 - 0.001) * 9999 * px, camera[3], 2);               // nearest: 1 m
        Assert.True(camera[0] > camera[1] && camera[1] > camera[2] && camera[2] > camera[3]);
        var v = DepthRange.Variables(DepthRange.ToCamera(disparity, 1, 10000, 100), 100);
        Assert.Equal(camera[3] / px, v["r"], 2);
        Assert.Equal(camera[0] / px, v["R"], 2);
    }
}
