using Pytti.Torch.NN;
using Pytti.Torch.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Models.Depth;

/// <summary>
/// Depth Anything V2 (DINOv2 ViT-S/B/L backbone, DPT head), architecture read from the checkpoint.
/// Its output is relative inverse depth ("disparity"-like: larger is nearer), not metric depth.
/// Keys as upstream's <c>DepthAnythingV2</c> state dict (<c>pretrained.*</c>, <c>depth_head.*</c>).
/// </summary>
public sealed class DepthModel : nn.Module<Tensor, Tensor>
{
    private readonly DinoVisionTransformer pretrained;
    private readonly DptHead depth_head;

    public DepthModel(DepthConfig config, long positions) : base(nameof(DepthModel))
    {
        Config = config;
        pretrained = new DinoVisionTransformer(config, positions);
        depth_head = new DptHead(config);
        RegisterComponents();
    }

    public DepthConfig Config { get; }

    /// <summary>
    /// Loads a Depth Anything V2 checkpoint. <paramref name="heads"/> and <paramref name="layers"/> override
    /// what <see cref="DepthConfig.Infer"/> assumes (they are not stored in the weights).
    /// </summary>
    public static DepthModel Load(string path, Device? device = null, int? heads = null, int[]? layers = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No Depth Anything checkpoint at '{path}'.", path);
        var weights = Pytti.Torch.Weights.LoadTorch(path, Pytti.Torch.DType.Float32, options: new WeightLoadOptions { StripModulePrefix = true });
        try
        {
            return FromStateDict(weights, device, heads, layers, path);
        }
        finally
        {
            weights.DisposeAll();
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
            model = new DepthModel(config, weights["pretrained.pos_embed"].shape[1]);
        }
        catch (Exception e) when (e is DepthLoadException or KeyNotFoundException)
        {
            throw new DepthLoadException(prefix + e.Message);
        }
        try
        {
            model.LoadWeights(weights);
        }
        catch (StateDictMismatchException e)
        {
            model.Dispose();
            throw new DepthLoadException(prefix + e.Message);
        }
        model.Freeze();
        if (device is not null) model.to(device);
        return model;
    }

    /// <summary>
    /// Upstream <c>infer_image</c> for RGB images [N, 3, H, W] in [0, 1]: preprocess at
    /// <paramref name="inputSize"/>, run, and resize back (bilinear, aligned corners). Returns [N, 1, H, W], without gradient.
    /// </summary>
    public Tensor Predict(Tensor image, int inputSize = 518)
    {
        if (image.dim() != 4 || image.shape[1] != 3)
            throw new ArgumentException($"Depth Anything takes RGB images [N, 3, H, W]; got {ShapeText(image)}.", nameof(image));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var depth = forward(DepthPreprocessing.Prepare(image, inputSize)).unsqueeze(1);  // [N, H', W'] -> [N, 1, H', W']
        return nn.functional.interpolate(depth, size: [image.shape[2], image.shape[3]], mode: InterpolationMode.Bilinear,
            align_corners: true, recompute_scale_factor: false).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Upstream <c>forward</c> on a normalised input [N, 3, H, W] with H and W multiples of 14:
    /// ReLU'd relative inverse depth [N, H, W]. Differentiable in its input.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        var patch = Config.PatchSize;
        if (input.dim() != 4 || input.shape[1] != 3 || input.shape[2] % patch != 0 || input.shape[3] % patch != 0)
            throw new ArgumentException($"Depth Anything's network takes [N, 3, H, W] with H and W multiples of {patch}; got {ShapeText(input)}.", nameof(input));
        using var scope = NewDisposeScope();
        var (gh, gw) = (input.shape[2] / patch, input.shape[3] / patch);
        var features = pretrained.IntermediateLayers(input);
        var depth = depth_head.Forward(features, gh, gw);                      // [N, 1, 14·gh, 14·gw]
        return nn.functional.relu(depth).squeeze(1).MoveToOuterDisposeScope(); // [N, H, W]
    }

    /// <summary>The backbone's normalised (patch tokens, class token) for each head layer, for tests and diagnostics; the caller disposes them.</summary>
    public IReadOnlyList<(Tensor Patches, Tensor Class)> IntermediateLayers(Tensor input) => pretrained.IntermediateLayers(input);

    private static string ShapeText(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
