using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>
/// How Depth Anything's relative inverse depth becomes the camera depth PyTTI's 3D warp uses (reference 8.3
/// step 2). PyTTI maps AdaBins' metric depth linearly from [0.001, 10] m to [near·px, far·px] (px = 2/H).
/// Depth Anything gives relative disparity (larger = nearer, unknown scale), so each frame is first turned
/// into a pseudo-metric depth: with n = (D − min D)/(max D − min D) (0 = farthest pixel, 1 = nearest),
/// m = 10 − 9·n metres, i.e. the nearest pixel at 1 m and the farthest at 10 m (AdaBins' indoor maximum),
/// linear in disparity; a flat map (max = min) lies at 10 m. Then PyTTI's own map:
/// D' = near·px + (m − 0.001)/(10 − 0.001)·(far − near)·px. With the defaults (near 1, far 10000) the
/// nearest pixel sits a tenth of the way to the far plane, as a typical AdaBins scene did.
/// </summary>
public static class DepthRange
{
    public const double NearestMetres = 1, FarthestMetres = 10, AdaBinsMin = 0.001;

    /// <summary>Disparity [1,1,h,w] → camera depth [1,1,h,w] for an output <paramref name="outputHeight"/> pixels high.</summary>
    public static torch.Tensor ToCamera(torch.Tensor disparity, double nearPlane, double farPlane, long outputHeight)
    {
        using var scope = torch.NewDisposeScope();
        var (min, max) = (disparity.min().ToDouble(), disparity.max().ToDouble());
        var n = (disparity - min) / Math.Max(max - min, 1e-12);
        var metres = (-((FarthestMetres - NearestMetres) * n)).add(FarthestMetres);           // a − b as −b + a, the engine's scalar − tensor
        return FromMetres(metres, nearPlane, farPlane, outputHeight).MoveToOuterDisposeScope();
    }

    /// <summary>PyTTI's linear map of [0.001, 10] m onto [near·px, far·px].</summary>
    public static torch.Tensor FromMetres(torch.Tensor metres, double nearPlane, double farPlane, long outputHeight)
    {
        using var scope = torch.NewDisposeScope();
        var px = 2.0 / outputHeight;
        return ((metres - AdaBinsMin) * ((farPlane - nearPlane) * px / (FarthestMetres - AdaBinsMin)) + nearPlane * px).MoveToOuterDisposeScope();
    }

    /// <summary>The 3D motion variables (reference 8.3 step 3): r = min, R = max, mu = (mean + median)/2 of the camera depth, in pixels.</summary>
    public static IReadOnlyDictionary<string, double> Variables(torch.Tensor cameraDepth, long outputHeight)
    {
        var px = 2.0 / outputHeight;
        var values = TensorValues.Floats(cameraDepth);
        Array.Sort(values);
        var median = values[(values.Length - 1) / 2];                         // torch.median: the lower middle
        var mean = values.Select(v => (double)v).Average();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["r"] = values[0] / px, ["R"] = values[^1] / px, ["mu"] = (mean + median) / (2 * px),
        };
    }
}
