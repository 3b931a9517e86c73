using Pytti.Torch;
using Pytti.Torch.NN;
using Pytti.Torch.Serialization;

namespace Pytti.Models.Depth;

/// <summary>
/// Depth Anything V2 (DINOv2 ViT-S/B/L backbone, DPT head), architecture read from the checkpoint.
/// Its output is relative inverse depth ("disparity"-like: larger is nearer), not metric depth.
/// Keys as upstream's <c>DepthAnythingV2</c> state dict (<c>pretrained.*</c>, <c>depth_head.*</c>).
/// </summary>
public sealed class DepthModel : Module
{
    public DepthModel(DepthConfig config, long positions)
    {
        Config = config;
        pretrained = RegisterModule("pretrained", new DinoVisionTransformer(config, positions));
        depth_head = RegisterModule("depth_head", new DptHead(config));
    }

    public DepthConfig Config { get; }
    internal DinoVisionTransformer pretrained { get; }
    internal DptHead depth_head { get; }

    /// <summary>
    /// Loads a Depth Anything V2 checkpoint. <paramref name="heads"/> and <paramref name="layers"/> override
    /// what <see cref="DepthConfig.Infer"/> assumes (they are not stored in the weights).
    /// </summary>
    public static DepthModel Load(string path, Device? device = null, int? heads = null, int[]? layers = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No Depth Anything checkpoint at '{path}'.", path);
        var weights = Weights.Load(path, DType.Float32, options: new WeightLoadOptions { StripModulePrefix = true });
        try
        {
            return FromStateDict(weights, device, heads, layers, path);
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
    }

    public static DepthModel FromStateDict(IReadOnlyDictionary<string, Tensor> weights, Device? device = null,
        int? heads = null, int[]? layers = null, string? source = null)
    {
        var prefix = source is null ? "" : source + ": ";
        DepthModel model;
        try
        {
            var config = DepthConfig.Infer(weights, heads, layers);
            model = new DepthModel(config, weights["pretrained.pos_embed"].Size(1));
        }
        catch (Exception e) when (e is DepthLoadException or KeyNotFoundException)
        {
            throw new DepthLoadException(prefix + e.Message);
        }
        try
        {
            model.LoadStateDict(weights);
        }
        catch (StateDictMismatchException e)
        {
            model.Dispose();
            throw new DepthLoadException(prefix + e.Message);
        }
        model.Freeze();
        if (device is { } d) model.To(d);
        return model;
    }

    /// <summary>
    /// Upstream <c>infer_image</c> for RGB images [N, 3, H, W] in [0, 1]: preprocess at
    /// <paramref name="inputSize"/>, run, and resize back (bilinear, aligned corners). Returns [N, 1, H, W].
    /// </summary>
    public Tensor Predict(Tensor image, int inputSize = 518)
    {
        if (image.Dim != 4 || image.Size(1) != 3)
            throw new ArgumentException($"Depth Anything takes RGB images [N, 3, H, W]; got {image.ShapeString}.", nameof(image));
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var depth = Forward(DepthPreprocessing.Prepare(image, inputSize)).Unsqueeze(1);  // [N, 1, H', W']
        return Functional.Interpolate(depth, size: [image.Size(2), image.Size(3)], mode: InterpolateMode.Bilinear, alignCorners: true)
            .MoveToOuterScope();
    }

    /// <summary>
    /// Upstream <c>forward</c> on a normalised input [N, 3, H, W] with H and W multiples of 14:
    /// ReLU'd relative inverse depth [N, H, W].
    /// </summary>
    public override Tensor Forward(Tensor input)
    {
        var patch = Config.PatchSize;
        if (input.Dim != 4 || input.Size(1) != 3 || input.Size(2) % patch != 0 || input.Size(3) % patch != 0)
            throw new ArgumentException($"Depth Anything's network takes [N, 3, H, W] with H and W multiples of {patch}; got {input.ShapeString}.", nameof(input));
        using var scope = LibTorch.NewDisposeScope();
        var (gh, gw) = (input.Size(2) / patch, input.Size(3) / patch);
        var features = pretrained.IntermediateLayers(input);
        var depth = depth_head.Forward(features, gh, gw);                 // [N, 1, 14·gh, 14·gw]
        return Functional.Relu(depth).Squeeze(1).MoveToOuterScope();      // [N, H, W]
    }

    /// <summary>The backbone's normalised (patch tokens, class token) for each head layer, for tests and diagnostics; the caller disposes them.</summary>
    public IReadOnlyList<(Tensor Patches, Tensor Class)> IntermediateLayers(Tensor input) => pretrained.IntermediateLayers(input);
}
