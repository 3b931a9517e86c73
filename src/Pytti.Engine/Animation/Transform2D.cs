using Pytti.Scenes.Schema;
using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>
/// PyTTI's <c>zoom_2d</c> (reference 8.1): per frame, translate (pixels), rotate (degrees) and zoom (pixels)
/// in one affine map about the image centre, in the pixels of the grid it warps. With W×H that grid,
/// zx = (W − zoom_x)/W, zy = (H − zoom_y)/H, tx = −2·translate_x/W, ty = 2·translate_y/H, θ = radians(rotate):
/// out(p) = in(A·[p; 1]) with A = [[zx·cosθ, −zy·sinθ, tx], [zx·sinθ, zy·cosθ, ty]] in normalised coordinates.
/// Positive zoom zooms in, positive translate_x moves content right, positive translate_y moves it up,
/// positive rotate turns it counter-clockwise.
/// </summary>
public sealed record Transform2D(double TranslateX, double TranslateY, double Rotate, double ZoomX, double ZoomY)
{
    /// <summary>The scene's <c>translate_x/y</c>, <c>rotate_2d</c>, <c>zoom_x/y_2d</c> evaluated with <paramref name="variables"/> (t, audio).</summary>
    public static Transform2D At(PyttiSettings values, IReadOnlyDictionary<string, double> variables) => new(
        values.TranslateX.Evaluate(variables).Number, values.TranslateY.Evaluate(variables).Number,
        values.Rotate2d.Evaluate(variables).Number, values.ZoomX2d.Evaluate(variables).Number, values.ZoomY2d.Evaluate(variables).Number);

    /// <summary>The affine matrix for a <paramref name="width"/>×<paramref name="height"/> grid, row-major [2,3].</summary>
    public float[] Matrix(long width, long height)
    {
        var zx = (width - ZoomX) / width;
        var zy = (height - ZoomY) / height;
        var tx = -TranslateX * 2 / width;
        var ty = TranslateY * 2 / height;
        var theta = Rotate * Math.PI / 180;
        var (sin, cos) = Math.SinCos(theta);
        return [(float)(zx * cos), (float)(-zy * sin), (float)tx, (float)(zx * sin), (float)(zy * cos), (float)ty];
    }

    /// <summary>Warps <paramref name="image"/> [1,C,h,w] → [1,C,h,w]; no gradient.</summary>
    public torch.Tensor Apply(torch.Tensor image, Resampling resampling)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var theta = torch.tensor(Matrix(image.size(3), image.size(2)), [1, 2, 3]).to(image.dtype, image.device);   // [1,2,3]
        var grid = torch.nn.functional.affine_grid(theta, image.shape, align_corners: true);                     // [1,h,w,2]
        return resampling.Apply(image, grid).MoveToOuterDisposeScope();
    }
}
