using Pytti.Models.Vqgan;

namespace Pytti.Models.Tests.Vqgan;

/// <summary>taming YAML configs: the fixture's values, the three model targets, and errors that name the file and key.</summary>
public class VqganConfigReaderTests
{
    private const string Ddconfig = """
            ddconfig:
              double_z: False
              z_channels: 8
              resolution: 32
              in_channels: 3
              out_ch: 3
              ch: 32
              ch_mult: [ 1,2 ]  # num_down = len(ch_mult)-1
              num_res_blocks: 1
              attn_resolutions: [16]
              dropout: 0.0
        """;

    [Fact]
    public void Reads_the_fixture_config()
    {
        var config = VqganConfigReader.Read(VqganFixture.Config);
        Assert.Equal(VqganKind.VQModel, config.Kind);
        Assert.Equal(8, config.EmbedDim);
        Assert.Equal(16, config.NEmbed);
        Assert.Equal("", config.KeyPrefix);
        var dd = config.Ddconfig;
        Assert.False(dd.DoubleZ);
        Assert.Equal((8, 32, 3, 3, 32, 1), (dd.ZChannels, dd.Resolution, dd.InChannels, dd.OutCh, dd.Ch, dd.NumResBlocks));
        Assert.Equal([1, 2], dd.ChMult);
        Assert.Equal([16], dd.AttnResolutions);
        Assert.Equal(0.0, dd.Dropout);
        Assert.True(dd.ResampWithConv);
        Assert.Equal(2, dd.DownsampleFactor);
    }

    [Fact]
    public void A_gumbel_config_reads_its_kl_weight()
    {
        var yaml = $"""
            model:
              target: taming.models.vqgan.GumbelVQ
              params:
                kl_weight: 1.0e-08
                embed_dim: 8
                n_embed: 16
                temperature_scheduler_config:
                  target: taming.lr_scheduler.LambdaWarmUpCosineScheduler
            {Ddconfig}
            """;
        var config = VqganConfigReader.Parse(yaml, "gumbel.yaml");
        Assert.Equal(VqganKind.GumbelVQ, config.Kind);
        Assert.Equal(1e-8, config.KlWeight);
    }

    [Fact]
    public void A_net2net_config_is_read_through_its_first_stage()
    {
        var config = VqganConfigReader.Parse(Net2NetYaml(Ddconfig), "sflckr.yaml");
        Assert.Equal(VqganKind.VQModel, config.Kind);
        Assert.Equal("first_stage_model.", config.KeyPrefix);
        Assert.Equal(16, config.NEmbed);
    }

    [Theory]
    [InlineData("z_channels: 8", "", "model.params.ddconfig.z_channels: missing")]
    [InlineData("ch: 32", "ch: wide", "model.params.ddconfig.ch: expected an integer, got 'wide'")]
    [InlineData("      ch: 32", "      ch: 16", "model.params.ddconfig.ch: every block width ch·ch_mult must be a multiple of 32")]
    [InlineData("ch_mult: [ 1,2 ]", "ch_mult: 2", "model.params.ddconfig.ch_mult: expected a list of integers")]
    [InlineData("ch_mult: [ 1,2 ]", "ch_mult: []", "model.params.ddconfig.ch_mult: expected a non-empty list of positive integers")]
    [InlineData("double_z: False", "double_z: maybe", "model.params.ddconfig.double_z: expected true or false, got 'maybe'")]
    [InlineData("n_embed: 16", "n_embed: 0", "model.params.n_embed: expected a positive integer, got 0")]
    [InlineData("target: taming.models.vqgan.VQModel", "target: taming.models.vqgan.EMAVQ", "model.target: unknown model type 'taming.models.vqgan.EMAVQ'")]
    public void Errors_name_the_file_and_the_key(string from, string to, string expected)
    {
        var path = VqganFixture.EditedConfig(from, to);
        try
        {
            var e = Assert.Throws<VqganConfigException>(() => VqganConfigReader.Read(path));
            Assert.StartsWith(path + ": ", e.Message);
            Assert.Contains(expected, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Invalid_yaml_and_a_missing_model_section_are_reported()
    {
        Assert.Contains("bad.yaml: not valid YAML", Assert.Throws<VqganConfigException>(() => VqganConfigReader.Parse("model: [", "bad.yaml")).Message);
        Assert.Equal("other.yaml: model: missing.", Assert.Throws<VqganConfigException>(() => VqganConfigReader.Parse("data: {}", "other.yaml")).Message);
    }

    [Fact]
    public void A_missing_config_file_names_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.yaml");
        var e = Assert.Throws<FileNotFoundException>(() => VqganConfigReader.Read(path));
        Assert.Contains(path, e.Message);
    }

    /// <summary>An sflckr-style config: the VQModel sits under <c>first_stage_config</c>.</summary>
    internal static string Net2NetYaml(string ddconfig) => $"""
        model:
          target: taming.models.cond_transformer.Net2NetTransformer
          params:
            cond_stage_key: segmentation
            transformer_config:
              target: taming.modules.transformer.mingpt.GPT
              params:
                vocab_size: 16
            first_stage_config:
              target: taming.models.vqgan.VQModel
              params:
                embed_dim: 8
                n_embed: 16
        {Indent(ddconfig, "    ")}
                lossconfig:
                  target: taming.modules.losses.vqperceptual.DummyLoss
        """;

    private static string Indent(string text, string prefix) =>
        string.Join("\n", text.Split('\n').Select(line => prefix + line));
}
