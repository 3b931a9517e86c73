using System.Text.Json;
using Pytti.Cli;
using Pytti.Models.Depth;
using Pytti.Pipeline.Media;
using Pytti.Testing;
using Pytti.Torch;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti depth</c> with the tiny Depth Anything fixture (2 heads) on a small synthetic image.</summary>
public sealed class DepthCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-depth-cli-");
    private static readonly string Tiny = SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth");

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, string Out, string Error) Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = PyttiApp.Run(args, CliEnvironment.Capture(output, error, _dir.FullName));
        return (exit, output.ToString(), error.ToString());
    }

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
        using (var scope = LibTorch.NewDisposeScope())
        {
            var depth = model.Predict(ImageFile.Read(image).ToTensor()).ToArray<float>();
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
    public void Without_a_model_the_unpinned_default_says_where_to_read_its_digest_how_to_pin_it_and_that_a_path_works()
    {
        var (exit, _, error) = Run("depth", Picture(), "--models-dir", Path.Combine(_dir.FullName, "store"));
        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains("PYTTI120", error);
        Assert.Contains("https://huggingface.co/depth-anything/Depth-Anything-V2-Small/resolve/main/depth_anything_v2_vits.pth", error);
        Assert.Contains("https://huggingface.co/depth-anything/Depth-Anything-V2-Small/blob/main/depth_anything_v2_vits.pth", error);
        Assert.Contains("pytti models pin depth-anything-v2-small <sha256>", error);
        Assert.Contains("--model", error);
    }

    [Fact]
    public async Task A_pinned_name_is_used_from_the_store_offline()
    {
        var store = Path.Combine(_dir.FullName, "store");
        Directory.CreateDirectory(Path.Combine(store, "depth"));
        File.Copy(Tiny, Path.Combine(store, "depth", "depth_anything_v2_vitb.pth"));
        var (pinExit, _, pinError) = Run("models", "pin", "depth-anything-v2-base", await Pytti.Models.Store.FileDigest.Sha256Async(Tiny), "--models-dir", store);
        Assert.True(pinExit == 0, pinError);

        var (exit, output, error) = Run("depth", Picture(), "--model", "depth-anything-v2-base", "--models-dir", store, "--offline", "--heads", "2", "--json");

        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(Path.Combine(store, "depth", "depth_anything_v2_vitb.pth"), doc.RootElement.GetProperty("model").GetString());
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
