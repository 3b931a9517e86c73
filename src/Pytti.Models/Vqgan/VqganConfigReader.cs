using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pytti.Models.Vqgan;

/// <summary>
/// Reads taming's model YAML (<c>model.target</c>, <c>model.params.{embed_dim, n_embed, ddconfig, kl_weight}</c>;
/// <c>lossconfig</c> and training keys are ignored). A <c>Net2NetTransformer</c> config (sflckr) is read
/// through its <c>first_stage_config</c>, as PyTTI keeps only the first stage.
/// </summary>
public static class VqganConfigReader
{
    public static VqganConfig Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No VQGAN config (.yaml) at '{path}'.", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a config from YAML text; <paramref name="sourceName"/> (the file) starts every error message.</summary>
    public static VqganConfig Parse(string yaml, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new VqganConfigException($"{sourceName}: not valid YAML ({e.Message}).", e);
        }
        if (stream.Documents.Count == 0) throw new VqganConfigException($"{sourceName}: the file is empty.");
        var model = new YamlNodeReader(sourceName, stream.Documents[0].RootNode, "").Mapping("model");
        return ReadModel(model, keyPrefix: "");
    }

    private static VqganConfig ReadModel(YamlNodeReader model, string keyPrefix)
    {
        var target = model.String("target");
        var parameters = model.Mapping("params");
        return target switch
        {
            VqganConfig.VQModelTarget => ReadAutoencoder(parameters, VqganKind.VQModel, keyPrefix),
            VqganConfig.GumbelVQTarget => ReadAutoencoder(parameters, VqganKind.GumbelVQ, keyPrefix),
            VqganConfig.Net2NetTarget when keyPrefix.Length == 0 =>
                ReadModel(parameters.Mapping("first_stage_config"), keyPrefix: "first_stage_model."),
            _ => throw model.Error("target", $"unknown model type '{target}' (known: {VqganConfig.VQModelTarget}, " +
                                             $"{VqganConfig.GumbelVQTarget}, {VqganConfig.Net2NetTarget})"),
        };
    }

    private static VqganConfig ReadAutoencoder(YamlNodeReader parameters, VqganKind kind, string keyPrefix) => new()
    {
        Kind = kind,
        EmbedDim = parameters.PositiveInt("embed_dim"),
        NEmbed = parameters.PositiveInt("n_embed"),
        Ddconfig = ReadDdconfig(parameters.Mapping("ddconfig")),
        KlWeight = parameters.OptionalDouble("kl_weight") ?? 1e-8,
        KeyPrefix = keyPrefix,
    };

    private static VqganDdConfig ReadDdconfig(YamlNodeReader dd)
    {
        var chMult = dd.OptionalIntList("ch_mult") ?? VqganDdConfig.DefaultChMult;
        if (chMult.Count == 0 || chMult.Any(m => m <= 0)) throw dd.Error("ch_mult", "expected a non-empty list of positive integers");
        var ch = dd.PositiveInt("ch");
        if (chMult.Prepend(1).Any(m => ch * m % 32 != 0))
            throw dd.Error("ch", $"every block width ch·ch_mult must be a multiple of 32 (GroupNorm's 32 groups); ch {ch}, ch_mult [{string.Join(", ", chMult)}]");
        return new VqganDdConfig
        {
            DoubleZ = dd.OptionalBool("double_z") ?? true,
            ZChannels = dd.PositiveInt("z_channels"),
            Resolution = dd.PositiveInt("resolution"),
            InChannels = dd.PositiveInt("in_channels"),
            OutCh = dd.PositiveInt("out_ch"),
            Ch = ch,
            ChMult = chMult,
            NumResBlocks = dd.PositiveInt("num_res_blocks"),
            AttnResolutions = dd.OptionalIntList("attn_resolutions") ?? throw dd.Error("attn_resolutions", "missing"),
            Dropout = dd.OptionalDouble("dropout") ?? 0.0,
            ResampWithConv = dd.OptionalBool("resamp_with_conv") ?? true,
        };
    }
}
