using System.Globalization;

namespace Pytti.Scenes.Tests.Hydra;

/// <summary>OmegaConf interpolation and PyTTI's resolvers (reference 1.1).</summary>
public class InterpolationTests
{
    [Fact]
    public void A_whole_value_reference_keeps_the_referenced_type()
    {
        var document = TempScene.Document("scenes: a\nsteps_per_frame: 7\nsave_every: ${steps_per_frame}\ndisplay_every: '${save_every}'\n");
        Assert.Equal(7, document.Values.SaveEvery);
        Assert.Equal(7, document.Values.DisplayEvery);
    }

    [Fact]
    public void References_glue_into_text_and_reach_into_mappings()
    {
        var document = TempScene.Document("scenes: ${scene_prefix}cat ${mmc_models.0.id}\nscene_prefix: 'a '\nmmc_models:\n- {architecture: clip, publisher: openai, id: RN50}\n");
        Assert.Equal("a cat RN50", document.Values.Scenes);
    }

    [Fact]
    public void A_reference_to_an_unwritten_parameter_reads_its_default()
    {
        Assert.Equal(50, TempScene.Document("scenes: a\nsave_every: ${steps_per_frame}\n").Values.SaveEvery);
    }

    [Fact]
    public void Now_is_read_once_and_given_back_repeats_the_seed()
    {
        var now = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234560);
        using var temp = new TempScene();
        temp.Write("s.pytti.yaml", "scenes: a\nseed: ${now:%f}\nfile_namespace: run_${now:%Y-%m-%d_%H-%M-%S}\n");
        var document = SceneLoader.Load("s.pytti.yaml", new SceneLoadOptions { WorkingDirectory = temp.Folder, Now = now }).GetOrThrow();
        Assert.Equal("123456", document.Values.Seed);
        Assert.Equal("run_2024-05-06_07-08-09", document.Values.FileNamespace);
        Assert.Equal(now, document.Clock);
    }

    [Fact]
    public void Without_a_clock_value_the_document_records_none()
    {
        Assert.Null(TempScene.Document("scenes: a\nseed: 3\n").Clock);
    }

    [Fact]
    public void Seed_null_draws_from_the_clock_and_records_it()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        using var temp = new TempScene();
        temp.Write("s.pytti.yaml", "scenes: a\nseed: null\n");
        var document = SceneLoader.Load("s.pytti.yaml", new SceneLoadOptions { WorkingDirectory = temp.Folder, Now = now }).GetOrThrow();
        Assert.Equal((1_700_000_000_123L * 1000).ToString(CultureInfo.InvariantCulture), document.Values.Seed);
        Assert.Equal(now, document.Clock);
    }

    [Fact]
    public void User_cache_is_the_home_cache_folder()
    {
        var document = TempScene.Document("scenes: a\nmodels_parent_dir: ${user_cache:}\n");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.GetFullPath(Path.Combine(home, ".cache")), document.Values.ModelsParentDir);
    }

    [Fact]
    public void A_cycle_is_reported_at_the_reference()
    {
        var errors = TempScene.Errors("scenes: a\nsave_every: ${display_every}\ndisplay_every: ${save_every}\n");
        Assert.Contains(errors, e => e.StartsWith("scene.pytti.yaml(", StringComparison.Ordinal) && e.Contains("error PYTTI013: '${", StringComparison.Ordinal) && e.Contains("refers to itself", StringComparison.Ordinal));
    }

    [Fact]
    public void An_escaped_reference_is_literal_text()
    {
        Assert.Equal("a ${b}", TempScene.Document("scenes: a \\${b}\n").Values.Scenes);
    }
}
