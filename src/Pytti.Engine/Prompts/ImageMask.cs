using Pytti.Engine.Rendering;
using Pytti.Scenes.Dsl;
using TorchSharp;

namespace Pytti.Engine.Prompts;

/// <summary>
/// <c>_[path]</c> / <c>_[-path]</c> (reference 3.7): a greyscale mask M (inverted: 1 − M) with mean μ weighs
/// each cutout by the mask under it. Cutouts are visited largest box first; a persistent error image E
/// (error diffusion, kept from step to step) makes boxes that were over-weighted give way to the next:
/// <c>weight = mean(M_box + sign(E_box)·sqrt|E_box|)</c>, then <c>E_box += sign(M_box − weight)·(M_box − weight)²/N</c>.
/// Returns <c>m = −inf</c> and <c>a = weight/sqrt(μ)</c>; a mask with μ &lt; 0.001 disables the prompt (a = 0).
/// Boxes are taken from the cutouts' real offsets and sizes: PyTTI swaps the two for masks written in a
/// prompt ([bug]), which we do not (see <see cref="PromptMaskFunction"/>). As in PyTTI, box corners are
/// clamped to the last pixel row/column, so the box never includes them.
/// </summary>
public sealed class ImageMask : PromptMaskFunction
{
    public const double MinimumMean = 0.001;
    private readonly float[] _mask;   // [h·w] row-major
    private readonly float[] _error;  // [h·w], persists between steps
    private readonly int _width;
    private readonly int _height;
    private readonly float _mean;

    /// <param name="mask">Greyscale values in [0,1], row-major, <paramref name="height"/> rows of <paramref name="width"/>.</param>
    public ImageMask(float[] mask, int width, int height)
    {
        if (mask.Length != width * height) throw new ArgumentException($"mask has {mask.Length} values, not {width}x{height}", nameof(mask));
        _mask = mask;
        _error = new float[mask.Length];
        _width = width;
        _height = height;
        _mean = (float)mask.Select(v => (double)v).Average();
    }

    /// <summary>The error image E [h·w] (row-major), for inspection.</summary>
    public IReadOnlyList<float> Error => _error;

    /// <summary>Reads the mask file of <paramref name="mask"/> through <paramref name="assets"/>.</summary>
    public static ImageMask Load(PromptMask mask, RenderAssets assets)
    {
        using var rgb = assets.LoadImage(mask.Target!);
        return FromImage(rgb, mask.Inverted);
    }

    /// <summary>An RGB image [1,3,h,w] in [0,1] to PIL's "L" greyscale (inverted: 1 − L).</summary>
    public static ImageMask FromImage(torch.Tensor rgb, bool inverted)
    {
        var (grey, width, height) = ImageMaskGreyscale.FromRgb(rgb);
        if (inverted)
            for (var i = 0; i < grey.Length; i++) grey[i] = 1f - grey[i];
        return new ImageMask(grey, width, height);
    }

    public override (torch.Tensor Stop, torch.Tensor Factor) Evaluate(CutoutEmbeddings views, double cutoff)
    {
        var n = views.ElementCount;
        var stop = torch.full(n, double.NegativeInfinity, torch.float32, views.Device);
        if (_mean < MinimumMean) return (stop, torch.zeros(n, torch.float32, views.Device));
        var boxes = Boxes(views);
        var weights = new float[n];
        foreach (var i in VisitOrder(boxes))
            weights[i] = boxes[i].Area > 0 ? Diffuse(boxes[i], n) : 0f;
        var scale = MathF.Sqrt(_mean);
        return (stop, torch.tensor(weights.Select(w => w / scale).ToArray(), device: views.Device));
    }

    /// <summary>The mask weight of one box, and the error it leaves behind.</summary>
    private float Diffuse(MaskBox box, int n)
    {
        double sum = 0;
        for (var y = box.Y0; y < box.Y1; y++)
            for (var x = box.X0; x < box.X1; x++)
            {
                var e = _error[y * _width + x];
                sum += _mask[y * _width + x] + MathF.Sign(e) * MathF.Sqrt(MathF.Abs(e));
            }
        var weight = (float)(sum / box.Area);
        for (var y = box.Y0; y < box.Y1; y++)
            for (var x = box.X0; x < box.X1; x++)
            {
                var err = _mask[y * _width + x] - weight;
                _error[y * _width + x] += err * err / n * MathF.Sign(err);
            }
        return weight;
    }

    /// <summary>Each element's box in mask pixels, in view order (computed in float32 like PyTTI).</summary>
    private MaskBox[] Boxes(CutoutEmbeddings views)
    {
        var boxes = new List<MaskBox>();
        foreach (var view in views.Views)
            for (var k = 0; k < view.Count; k++)
            {
                float ox = (float)view.Offsets[k, 0], oy = (float)view.Offsets[k, 1];
                float hx = ox + (float)view.Sizes[k, 0], hy = oy + (float)view.Sizes[k, 1];
                boxes.Add(new MaskBox(Pixel(ox, _width), Pixel(oy, _height), Pixel(hx, _width), Pixel(hy, _height)));
            }
        return [.. boxes];
    }

    private static int Pixel(float fraction, int extent) => (int)Math.Clamp(MathF.Floor(fraction * extent), 0, extent - 1);

    /// <summary>Descending box area; equal areas in reverse element order (PyTTI flips an ascending argsort).</summary>
    private static IEnumerable<int> VisitOrder(MaskBox[] boxes) =>
        Enumerable.Range(0, boxes.Length).OrderBy(i => boxes[i].Area).Reverse();

    private readonly record struct MaskBox(int X0, int Y0, int X1, int Y1)
    {
        public long Area => (long)(X1 - X0) * (Y1 - Y0);
    }
}
