using System.Text.Json;
using Pytti.Cli;
using Pytti.Pipeline.Media;
using Pytti.Testing;
using Xunit.Abstractions;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti flow</c> with the released RAFT-small on the real pair (true motion +4, −2 pixels).</summary>
public sealed class FlowCommandTests(ITestOutputHelper log) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-flow-cli-");
    private static readonly string Raft = SharedFixtures.Path("models", "raft-small.pth");
    private static readonly string Pair1 = SharedFixtures.Path("fixtures", "real", "raft_pair_1.png");
    private static readonly string Pair2 = SharedFixtures.Path("fixtures", "real", "raft_pair_2.png");

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(_dir.FullName, args);

    [Fact]
    public void Median_flow_of_the_real_pair_is_the_true_motion_and_the_png_is_a_colour_wheel()
    {
        var (exit, output, error) = Run("flow", Pair1, Pair2, "--model", Raft, "-o", "f.png", "--json");
        Assert.True(exit == 0, error);
        log.WriteLine(output);
        using var doc = JsonDocument.Parse(output);
        var median = doc.RootElement.GetProperty("median");
        Assert.InRange(median.GetProperty("x").GetDouble(), 4 - 0.1, 4 + 0.1);
        Assert.InRange(median.GetProperty("y").GetDouble(), -2 - 0.1, -2 + 0.1);
        Assert.Equal(12, doc.RootElement.GetProperty("iterations").GetInt32());

        var png = ImageFile.Read(Path.Combine(_dir.FullName, "f.png"));
        Assert.Equal((296, 192), (png.Width, png.Height));
        // motion right and up: hue between red (right, 0°) and magenta (up, 270°): red high, green lowest
        var centre = png.Pixels.AsSpan(3 * (96 * 296 + 148), 3).ToArray();
        Assert.True(centre[0] == 255 && centre[1] < centre[2], string.Join(",", centre));
    }

    [Fact]
    public void Text_output_prints_the_median_in_pixels_and_writes_the_default_png()
    {
        var (exit, output, error) = Run("flow", Pair1, Pair2, "--model", Raft, "--iterations", "2");
        Assert.True(exit == 0, error);
        Assert.Contains("median x +", output);
        Assert.Contains(" px", output);
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "raft_pair_1_flow.png")));
    }

    /// <summary>A store under the test folder holding the real RAFT-small as <c>flow/raft-small.pth</c> (copied at test time).</summary>
    private string StoreWithRaftSmall()
    {
        var store = Path.Combine(_dir.FullName, "store");
        Directory.CreateDirectory(Path.Combine(store, "flow"));
        File.Copy(Raft, Path.Combine(store, "flow", "raft-small.pth"));
        return store;
    }

    [Fact]
    public void Without_a_model_raft_small_is_taken_from_the_store_without_the_network()
    {
        var store = StoreWithRaftSmall();

        var (exit, output, error) = Run("flow", Pair1, Pair2, "--models-dir", store, "--offline", "--iterations", "2", "--json");

        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(Path.Combine(store, "flow", "raft-small.pth"), doc.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public void The_name_raft_small_missing_offline_says_which_archive_member_to_place_where()
    {
        var store = Path.Combine(_dir.FullName, "empty-store");

        var (exit, _, error) = Run("flow", Pair1, Pair2, "--model", "raft-small", "--models-dir", store, "--offline");

        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI120", error);
        Assert.Contains("https://dl.dropboxusercontent.com/s/4j4z58wuv8o0mfz/models.zip", error);
        Assert.Contains("models/raft-small.pth", error);
        Assert.Contains("c7d41b9cc88442bb8aa911dbb33086dac55a226394b142937ff22d5578717332", error);
        Assert.Contains(Path.Combine(store, "flow", "raft-small.pth"), error);
    }

    [Fact]
    public void An_unknown_model_name_lists_the_flow_models_and_says_a_path_works()
    {
        var (exit, _, error) = Run("flow", Pair1, Pair2, "--model", "raft-large", "--offline");

        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI123", error);
        Assert.Contains("known flow models: raft-small", error);
        Assert.Contains("path", error);
    }

    [Fact]
    public void A_depth_checkpoint_is_not_a_flow_model()
    {
        var (exit, _, error) = Run("flow", Pair1, Pair2, "--model", SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth"));
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI144", error);
    }

    [Fact]
    public void Small_or_mismatched_images_are_media_errors_that_say_why()
    {
        var small = Path.Combine(_dir.FullName, "small.png");
        ImageFile.WritePng(small, new RgbImage(64, 64, new byte[64 * 64 * 3]));
        var (exit, _, error) = Run("flow", small, small, "--model", Raft);
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI300", error);
        Assert.Contains("121x121", error);
        (exit, _, error) = Run("flow", Pair1, small, "--model", Raft);
        Assert.Contains("PYTTI300", error);
        Assert.Contains("one size", error);
        Assert.Equal(PyttiApp.ExitUsage, Run("flow", Pair1, Pair2, "--model", Raft, "--iterations", "0").Exit);
    }
}
