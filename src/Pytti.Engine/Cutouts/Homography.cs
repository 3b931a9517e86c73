using TorchSharp;

namespace Pytti.Engine.Cutouts;

/// <summary>3×3 projective maps in normalised image coordinates ([-1, 1], align_corners=False), row-major.</summary>
internal static class Homography
{
    public static readonly double[] Identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];

    public static double[] Multiply(double[] a, double[] b)
    {
        var r = new double[9];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                r[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
        return r;
    }

    /// <summary>
    /// The sampling map (output → input) of a perspective distortion that moves each image corner
    /// inward by up to <paramref name="scale"/>·half the side (<paramref name="u"/>: 8 uniforms, 4 corners × (x, y)).
    /// </summary>
    public static double[] Perspective(ReadOnlySpan<float> u, double scale)
    {
        double[] corners = [-1, -1, 1, -1, 1, 1, -1, 1];
        var moved = new double[8];
        for (var c = 0; c < 4; c++)
            for (var a = 0; a < 2; a++)
                moved[c * 2 + a] = corners[c * 2 + a] - Math.Sign(corners[c * 2 + a]) * u[c * 2 + a] * scale;
        // Output corners are the image corners; they sample from the moved points.
        return Solve(corners, moved);
    }

    /// <summary>The homography H with H·from_k ∝ to_k for four point pairs (DLT, h33 = 1).</summary>
    private static double[] Solve(double[] from, double[] to)
    {
        var a = new double[8, 9];
        for (var k = 0; k < 4; k++)
        {
            var (x, y, u, v) = (from[2 * k], from[2 * k + 1], to[2 * k], to[2 * k + 1]);
            double[] r1 = [x, y, 1, 0, 0, 0, -u * x, -u * y, u];
            double[] r2 = [0, 0, 0, x, y, 1, -v * x, -v * y, v];
            for (var j = 0; j < 9; j++) { a[2 * k, j] = r1[j]; a[2 * k + 1, j] = r2[j]; }
        }
        var h = GaussJordan(a);
        return [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1];
    }

    private static double[] GaussJordan(double[,] a)
    {
        const int n = 8;
        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(a[r, col]));
            for (var j = 0; j <= n; j++) (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
            for (var r = 0; r < n; r++)
            {
                if (r == col) continue;
                var f = a[r, col] / a[col, col];
                for (var j = col; j <= n; j++) a[r, j] -= f * a[col, j];
            }
        }
        return Enumerable.Range(0, n).Select(i => a[i, n] / a[i, i]).ToArray();
    }

    /// <summary>grid_sample grid [n, H, W, 2] of the maps <paramref name="maps"/> [n, 3, 3] (output → input).</summary>
    public static torch.Tensor Grid(torch.Tensor maps, int height, int width)
    {
        using var scope = torch.NewDisposeScope();
        var ys = (torch.arange(0.0, height, 1.0, maps.dtype, maps.device) * 2 + 1) / height - 1;   // pixel centres, align_corners=False
        var xs = (torch.arange(0.0, width, 1.0, maps.dtype, maps.device) * 2 + 1) / width - 1;
        var gx = xs.unsqueeze(0).expand(height, width);
        var gy = ys.unsqueeze(1).expand(height, width);
        var ones = torch.ones([height, width], maps.dtype, maps.device);
        var points = torch.stack([gx, gy, ones], 2).reshape(height * width, 3);      // [HW, 3]
        var mapped = maps.unsqueeze(1).matmul(points.unsqueeze(0).unsqueeze(-1)).squeeze(-1); // [n,1,3,3]x[1,HW,3,1] -> [n,HW,3]
        var xy = mapped.narrow(2, 0, 2) / mapped.narrow(2, 2, 1);
        return xy.view(maps.shape[0], height, width, 2).MoveToOuterDisposeScope();   // [n,HW,2] -> [n,H,W,2]
    }
}
