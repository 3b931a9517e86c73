using System.Text.Json;
using Pytti.Cli;
using Pytti.Models.Depth;
using Pytti.Pipeline.Media;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti depth</c> with the tiny Depth Anything fixture (2 heads) on a small synthetic image.</summary>
public sealed class DepthCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-depth-cli-");
    private static readonly string Tiny = SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth");

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(_dir.FullName, args);

    /// <summary>A 40x28 picture with a diagonal colour gradient.</summary>
    private string Picture()
    {
        var (w, h) = (40, 28);
        var pixels = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                (pixels[3 * (y * w + x)], pixels[3 * (y * w + x) + 1], pixels[3 * (y * w + x) + 2]) = ((byte)(6 * x), (byte)(9 * y), (byte)(3 * (x + y)));
        var path = Path.Combine(_dir.FullName, "gradient.png");
        ImageFile.WritePng(path, new RgbImage(w, h, pixels));
        return path;
    }

    [Fact]
    public void Json_reports_the_depth_the_model_predicts_and_writes_a_full_range_greyscale_png()
    {
        var image = Picture();
        var (exit, output, error) = Run("depth", image, "--model", Tiny, "--heads", "2", "-o", "d.png", "--json");
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        var (min, median, max) = (doc.RootElement.GetProperty("min").GetDouble(), doc.RootElement.GetProperty("median").GetDouble(), doc.RootElement.GetProperty("max").GetDouble());
        Assert.True(min <= median && median <= max && min < max, output);

        using (var model = DepthModel.Load(Tiny, heads: 2))
        using (var input = ImageFile.Read(image).ToTensor())
        {
            using var predicted = model.Predict(input);
            var depth = predicted.data<float>().ToArray();
            Assert.Equal(depth.Min(), min, 5);
            Assert.Equal(depth.Max(), max, 5);
        }
        var png = ImageFile.Read(Path.Combine(_dir.FullName, "d.png"));
        Assert.Equal((40, 28), (png.Width, png.Height));
        Assert.Equal(0, png.Pixels.Min());
        Assert.Equal(255, png.Pixels.Max());
        Assert.All(png.Pixels.Chunk(3), p => Assert.True(p[0] == p[1] && p[1] == p[2]));
    }

    [Fact]
    public void Text_output_names_the_numbers_and_the_default_png()
    {
        var (exit, output, error) = Run("depth", Picture(), "--model", Tiny, "--heads", "2");
        Assert.True(exit == 0, error);
        Assert.Contains("median", output);
        Assert.Contains("nearer", output);
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "gradient_depth.png")));
    }

    [Fact]
    public void Without_a_model_offline_the_default_says_where_to_download_it_and_where_to_place_it()
    {
        var store = Path.Combine(_dir.FullName, "store");
        var (exit, _, error) = Run("depth", Picture(), "--models-dir", store, "--offline");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI120", error);
        Assert.Contains("https://huggingface.co/depth-anything/Depth-Anything-V2-Small/resolve/main/depth_anything_v2_vits.pth", error);
        Assert.Contains("715fade13be8f229f8a70cc02066f656f2423a59effd0579197bbf57860e1378", error);
        Assert.Contains(Path.Combine(store, "depth", "depth_anything_v2_vits.pth"), error);
    }

    [Fact]
    public void A_file_placed_under_a_registered_name_that_fails_its_digest_is_moved_aside_not_used()
    {
        var store = Path.Combine(_dir.FullName, "store");
        var placed = Path.Combine(store, "depth", "depth_anything_v2_vitb.pth");
        Directory.CreateDirectory(Path.GetDirectoryName(placed)!);
        File.Copy(Tiny, placed);

        var (exit, _, error) = Run("depth", Picture(), "--model", "depth-anything-v2-base", "--models-dir", store, "--offline", "--heads", "2");

        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("0d2b7002e62d39d655571c371333340bd88f67ab95050c03591555aa05645328", error);
        Assert.False(File.Exists(placed));
        Assert.True(File.Exists(placed + ".corrupt"));
    }

    [Fact]
    public void A_missing_model_file_or_a_model_of_another_kind_is_a_user_error()
    {
        var (exit, _, error) = Run("depth", Picture(), "--model", "nowhere/depth.pth");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI124", error);
        (exit, _, error) = Run("depth", Picture(), "--model", SharedFixtures.Path("models", "raft-small.pth"));
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI143", error);
    }

    [Fact]
    public void A_missing_image_is_a_media_error()
    {
        var (exit, _, error) = Run("depth", "no-such.png", "--model", Tiny, "--heads", "2");
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI300", error);
        Assert.Contains("no-such.png", error);
    }
}
