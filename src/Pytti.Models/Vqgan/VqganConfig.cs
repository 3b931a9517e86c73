namespace Pytti.Models.Vqgan;

/// <summary>Which taming model class a config builds.</summary>
public enum VqganKind
{
    /// <summary><c>taming.models.vqgan.VQModel</c>: nearest-codebook quantizer (<c>quantize.embedding</c>).</summary>
    VQModel,

    /// <summary><c>taming.models.vqgan.GumbelVQ</c>: Gumbel-softmax quantizer (<c>quantize.proj</c>, <c>quantize.embed</c>).</summary>
    GumbelVQ,
}

/// <summary>
/// taming's <c>ddconfig</c>, shared by the encoder and the decoder. Defaults are those of
/// taming's <c>Encoder</c>/<c>Decoder</c> signatures for keys a config may leave out.
/// </summary>
public sealed record VqganDdConfig
{
    /// <summary>taming's default <c>ch_mult</c>.</summary>
    public static IReadOnlyList<int> DefaultChMult { get; } = [1, 2, 4, 8];

    public bool DoubleZ { get; init; } = true;
    public required int ZChannels { get; init; }
    public required int Resolution { get; init; }
    public required int InChannels { get; init; }
    public required int OutCh { get; init; }
    public required int Ch { get; init; }
    public IReadOnlyList<int> ChMult { get; init; } = DefaultChMult;
    public required int NumResBlocks { get; init; }
    public required IReadOnlyList<int> AttnResolutions { get; init; }
    public double Dropout { get; init; }
    public bool ResampWithConv { get; init; } = true;

    /// <summary><c>num_resolutions</c> = <c>len(ch_mult)</c>.</summary>
    public int NumResolutions => ChMult.Count;

    /// <summary>Spatial downsampling factor <c>f = 2^(num_resolutions - 1)</c>.</summary>
    public int DownsampleFactor => 1 << (NumResolutions - 1);
}

/// <summary>
/// A taming model config: the model class, codebook size and width, the autoencoder's
/// <see cref="VqganDdConfig"/>, and where the first-stage weights sit in the checkpoint
/// (<see cref="KeyPrefix"/>, <c>first_stage_model.</c> for a <c>Net2NetTransformer</c> such as sflckr).
/// </summary>
public sealed record VqganConfig
{
    public const string VQModelTarget = "taming.models.vqgan.VQModel";
    public const string GumbelVQTarget = "taming.models.vqgan.GumbelVQ";
    public const string Net2NetTarget = "taming.models.cond_transformer.Net2NetTransformer";

    public required VqganKind Kind { get; init; }
    public required int EmbedDim { get; init; }
    public required int NEmbed { get; init; }
    public required VqganDdConfig Ddconfig { get; init; }

    /// <summary>GumbelVQ's <c>kl_weight</c> (taming's default 1e-8); unused by VQModel.</summary>
    public double KlWeight { get; init; } = 1e-8;

    /// <summary>Prefix of the autoencoder's keys in the checkpoint's state dict ("" for a plain VQModel).</summary>
    public string KeyPrefix { get; init; } = "";
}
