using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Clip;

/// <summary>
/// OpenAI's CLIP: an image tower (<see cref="VisionTransformer"/> or <see cref="ModifiedResNet"/>) and a
/// causal text transformer projecting into one embedding space. Members are named like the checkpoint keys.
/// </summary>
public sealed class ClipModel : Module
{
    private readonly Tensor _causalMask;

    public ClipModel(ClipConfig config)
    {
        Config = config;
        visual = RegisterModule<Module>("visual", config.IsVisionTransformer
            ? new VisionTransformer(config.ImageResolution, config.VisionPatchSize!.Value, config.VisionWidth,
                config.VisionLayers[0], config.VisionHeads, config.EmbedDim, config.Activation)
            : (Module)new ModifiedResNet(config.VisionLayers, config.EmbedDim, config.VisionHeads, config.ImageResolution, config.VisionWidth));
        _causalMask = CausalMask(config.ContextLength).DetachFromScopes();
        transformer = RegisterModule("transformer", new ClipTransformer(config.TransformerWidth, config.TransformerLayers,
            config.TransformerHeads, config.Activation, _causalMask));
        token_embedding = RegisterModule("token_embedding", new Embedding(config.VocabSize, config.TransformerWidth));
        positional_embedding = RegisterParameter("positional_embedding", Tensor.Zeros([config.ContextLength, config.TransformerWidth]));
        ln_final = RegisterModule("ln_final", new LayerNorm(config.TransformerWidth));
        text_projection = RegisterParameter("text_projection", Tensor.Zeros([config.TransformerWidth, config.EmbedDim]));
        logit_scale = RegisterParameter("logit_scale", Tensor.FromScalar((float)Math.Log(1 / 0.07)));
    }

    public ClipConfig Config { get; }
    public int InputResolution => Config.ImageResolution;
    public Module visual { get; }
    public ClipTransformer transformer { get; }
    public Embedding token_embedding { get; }
    public Tensor positional_embedding { get; }
    public LayerNorm ln_final { get; }
    public Tensor text_projection { get; }
    public Tensor logit_scale { get; }

    /// <summary>CLIP-normalised images [N, 3, R, R] → features [N, embed]; differentiable w.r.t. the images.</summary>
    public Tensor EncodeImage(Tensor images) => visual.Forward(images);

    /// <summary>Token rows [N, context] (int64 or int32) → features [N, embed], read at each row's end-of-text token (its highest id).</summary>
    public Tensor EncodeText(Tensor tokens)
    {
        using var scope = LibTorch.NewDisposeScope();
        var ids = tokens.DType == DType.Int64 ? tokens : tokens.To(DType.Int64);
        var x = token_embedding.Forward(ids) + positional_embedding;     // [N, ctx, W]
        x = transformer.Forward(x.Permute(1, 0, 2)).Permute(1, 0, 2);    // NLD -> LND -> NLD
        x = ln_final.Forward(x);
        var rows = Tensor.Arange(x.Size(0), DType.Int64, x.Device);
        var eot = x.Index(rows, ids.ArgMax(-1));                         // [N, W]
        return Functional.MatMul(eot, text_projection).MoveToOuterScope();
    }

    /// <summary>logit_scale.exp() · cosine similarities, [images, texts] (the first output of OpenAI's forward).</summary>
    public Tensor LogitsPerImage(Tensor imageFeatures, Tensor textFeatures)
    {
        using var scope = LibTorch.NewDisposeScope();
        var a = imageFeatures / imageFeatures.Norm(2, [1], keepDim: true);
        var b = textFeatures / textFeatures.Norm(2, [1], keepDim: true);
        return (Functional.MatMul(a, b.T()) * logit_scale.Exp()).MoveToOuterScope();
    }

    private static Tensor CausalMask(int n)
    {
        var values = new float[n * n];
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++) values[i * n + j] = float.NegativeInfinity;
        return Tensor.From(values, n, n);
    }

    public override void Dispose()
    {
        base.Dispose();
        _causalMask.Dispose();
    }
}
