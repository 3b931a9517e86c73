using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// taming's VQGAN autoencoder (VQModel or GumbelVQ) as PyTTI uses it: encode an image in [-1, 1] to a
/// continuous latent, snap a latent to its nearest codes (straight-through), decode codes to an image.
/// Fields are named like the checkpoint keys. Load with <see cref="Load"/>; the weights are frozen.
/// </summary>
public sealed class VqganModel : nn.Module
{
    private readonly Encoder encoder;
    private readonly Decoder decoder;
    private readonly VqganQuantizer quantize;
    private readonly Conv2d quant_conv;
    private readonly Conv2d post_quant_conv;

    public VqganModel(VqganConfig config) : base(nameof(VqganModel))
    {
        Config = config;
        var dd = config.Ddconfig;
        encoder = new Encoder(dd);
        decoder = new Decoder(dd);
        quantize = config.Kind == VqganKind.GumbelVQ
            ? new GumbelQuantizer(dd.ZChannels, config.EmbedDim, config.NEmbed, config.KlWeight)
            : new VectorQuantizer(config.NEmbed, config.EmbedDim);
        quant_conv = nn.Conv2d(dd.ZChannels, config.EmbedDim, 1);
        post_quant_conv = nn.Conv2d(config.EmbedDim, dd.ZChannels, 1);
        RegisterComponents();
    }

    public VqganConfig Config { get; }

    public Encoder Encoder => encoder;

    /// <summary>The model's own quantizer (<c>quantize</c>) and its <see cref="VqganQuantizer.Codebook"/>.</summary>
    public VqganQuantizer Quantizer => quantize;

    public bool IsGumbel => Config.Kind == VqganKind.GumbelVQ;

    /// <summary>Width of a code vector (the latent's channels).</summary>
    public int EmbeddingDim => Config.EmbedDim;

    /// <summary>Number of codes.</summary>
    public int CodebookSize => Config.NEmbed;

    /// <summary>Pixels per latent cell along each side, <c>2^(len(ch_mult) − 1)</c>.</summary>
    public int DownsampleFactor => Config.Ddconfig.DownsampleFactor;

    /// <summary>PyTTI's Adam learning rate for a VQGAN image: 0.15 for Gumbel models, else 0.1.</summary>
    public double DefaultLearningRate => IsGumbel ? 0.15 : 0.1;

    /// <summary>Encoder then <c>quant_conv</c>: image [B,3,H,W] in [-1,1] → pre-quantisation latent [B,embed_dim,H/f,W/f].</summary>
    public Tensor Encode(Tensor image)
    {
        using var h = encoder.forward(image);
        return quant_conv.forward(h);
    }

    /// <summary>
    /// PyTTI's per-step quantisation (<c>vector_quantize</c>): the nearest codebook entry per cell, exactly
    /// its values forward and the identity gradient to <paramref name="z"/>. Same codes as taming's
    /// quantizer (whose values may differ from the codes by rounding). Latent [B,embed_dim,h,w].
    /// </summary>
    public QuantizedLatent Quantize(Tensor z) => NearestCode.Quantize(z, quantize.Codebook, StraightThrough.ExactCodes);

    /// <summary>
    /// taming's <c>VQModel.encode</c>: encode, then the model's own quantizer. PyTTI encodes init images
    /// this way; for a Gumbel model it samples (<paramref name="generator"/>), for VQModel it equals <see cref="Quantize(Tensor)"/>.
    /// </summary>
    public QuantizedLatent EncodeQuantized(Tensor image, Generator? generator = null)
    {
        using var z = Encode(image);
        return quantize.Quantize(z, generator);
    }

    /// <summary><c>post_quant_conv</c> then decoder: latent [B,embed_dim,h,w] → image [B,3,h·f,w·f], roughly in [-1,1] (not clamped).</summary>
    public Tensor Decode(Tensor quantized)
    {
        using var h = post_quant_conv.forward(quantized);
        return decoder.forward(h);
    }

    /// <summary>Latent [B,embed_dim,h,w] for codes [B·h·w]; <paramref name="shape"/> is (B, h, w, embed_dim).</summary>
    public Tensor GetCodebookEntry(Tensor indices, long[] shape) => quantize.GetCodebookEntry(indices, shape);

    /// <summary>Reads <paramref name="configPath"/> (taming YAML) and the checkpoint's weights; see <see cref="VqganLoader"/>.</summary>
    public static VqganModel Load(string checkpointPath, string configPath, Device? device = null) =>
        VqganLoader.Load(checkpointPath, configPath, device);
}
