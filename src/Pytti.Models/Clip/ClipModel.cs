using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Clip;

/// <summary>
/// OpenAI's CLIP: an image tower (<see cref="VisionTransformer"/> or <see cref="ModifiedResNet"/>) and a
/// causal text transformer projecting into one embedding space. Members are named like the checkpoint keys.
/// </summary>
public sealed class ClipModel : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> visual;
    private readonly ClipTransformer transformer;
    private readonly Embedding token_embedding;
    private readonly Parameter positional_embedding;
    private readonly LayerNorm ln_final;
    private readonly Parameter text_projection;
    private readonly Parameter logit_scale;

    public ClipModel(ClipConfig config) : base(nameof(ClipModel))
    {
        Config = config;
        visual = config.IsVisionTransformer
            ? new VisionTransformer(config.ImageResolution, config.VisionPatchSize!.Value, config.VisionWidth,
                config.VisionLayers[0], config.VisionHeads, config.EmbedDim, config.Activation)
            : new ModifiedResNet(config.VisionLayers, config.EmbedDim, config.VisionHeads, config.ImageResolution, config.VisionWidth);
        transformer = new ClipTransformer(config.TransformerWidth, config.TransformerLayers, config.TransformerHeads, config.Activation, causal: true);
        token_embedding = nn.Embedding(config.VocabSize, config.TransformerWidth);
        positional_embedding = new Parameter(zeros(config.ContextLength, config.TransformerWidth));
        ln_final = nn.LayerNorm(config.TransformerWidth);
        text_projection = new Parameter(zeros(config.TransformerWidth, config.EmbedDim));
        logit_scale = new Parameter(tensor((float)Math.Log(1 / 0.07)));
        register_module(nameof(visual), visual);
        register_module(nameof(transformer), transformer);
        register_module(nameof(token_embedding), token_embedding);
        register_parameter(nameof(positional_embedding), positional_embedding);
        register_module(nameof(ln_final), ln_final);
        register_parameter(nameof(text_projection), text_projection);
        register_parameter(nameof(logit_scale), logit_scale);
    }

    public ClipConfig Config { get; }
    public int InputResolution => Config.ImageResolution;

    /// <summary>The device the weights are on.</summary>
    public Device Device => text_projection.device;

    /// <summary>CLIP-normalised images [N, 3, R, R] → features [N, embed]; differentiable w.r.t. the images.</summary>
    public Tensor EncodeImage(Tensor images) => visual.call(images);

    /// <summary>Token rows [N, context] (int64 or int32) → features [N, embed], read at each row's end-of-text token (its highest id).</summary>
    public Tensor EncodeText(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var ids = tokens.dtype == ScalarType.Int64 ? tokens : tokens.to_type(ScalarType.Int64);
        var x = token_embedding.call(ids) + positional_embedding;          // [N, ctx, W]
        x = transformer.call(x.permute(1, 0, 2)).permute(1, 0, 2);          // NLD -> LND -> NLD
        x = ln_final.call(x);
        var rows = arange(x.size(0), ScalarType.Int64, x.device);
        var eot = x.index(TensorIndex.Tensor(rows), TensorIndex.Tensor(ids.argmax(-1)));   // [N, W]
        return matmul(eot, text_projection).MoveToOuterDisposeScope();
    }

    /// <summary>logit_scale.exp() · cosine similarities, [images, texts] (the first output of OpenAI's forward).</summary>
    public Tensor LogitsPerImage(Tensor imageFeatures, Tensor textFeatures)
    {
        using var scope = NewDisposeScope();
        var a = imageFeatures / linalg.vector_norm(imageFeatures, 2, [1], true);
        var b = textFeatures / linalg.vector_norm(textFeatures, 2, [1], true);
        return (matmul(a, b.t()) * logit_scale.exp()).MoveToOuterDisposeScope();
    }
}
