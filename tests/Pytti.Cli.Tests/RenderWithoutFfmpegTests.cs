using System.Diagnostics;
using Pytti.Pipeline.Media;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// A still render needs no FFmpeg: PNG and JPEG inputs are decoded and frames encoded in-process by SkiaSharp.
/// The <c>pytti</c> child runs with a PATH that holds no ffmpeg or ffprobe and without <c>PYTTI_FFMPEG</c>; a TIFF
/// input, which only FFmpeg decodes, shows that the child really has none and what it is told to do.
/// </summary>
public sealed class RenderWithoutFfmpegTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-no-ffmpeg-");
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "pytti.dll");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Runs <c>pytti render</c> on <paramref name="scene"/> with an empty folder as the whole PATH.</summary>
    private (int Exit, string Error) RenderWithoutFfmpeg(string scene)
    {
        var dotnet = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "dotnet")).First(File.Exists);
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Cli, "render", scene, "--models-dir", TinyCliRenders.Store(_dir.FullName), "--offline",
                     "--cache", Path.Combine(_dir.FullName, "cache"), "-o", Path.Combine(_dir.FullName, "out") })
            info.ArgumentList.Add(a);
        info.Environment["PATH"] = _dir.CreateSubdirectory("empty-path").FullName;
        info.Environment.Remove("PYTTI_FFMPEG");
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "pytti render did not finish in 3 minutes");
        return (process.ExitCode, error.Result);
    }

    private string Scene(string name, string extra, string video = "none")
    {
        var path = Path.Combine(_dir.FullName, name + ".pytti.yaml");
        File.WriteAllText(path, TinyCliRenders.Scene("a lighthouse", stepsPerScene: 2, seed: 5, extra).Replace("video_container: none", "video_container: " + video, StringComparison.Ordinal));
        return path;
    }

    private string Init(string name)
    {
        var pixels = new byte[16 * 16 * 3];
        new Random(3).NextBytes(pixels);
        var path = Path.Combine(_dir.FullName, name);
        ImageFile.WritePng(path, new RgbImage(16, 16, pixels));
        return path;
    }

    [Fact]
    public void A_still_with_png_and_jpeg_inputs_renders_with_no_ffmpeg_on_path()
    {
        Init("init.png");
        var stormy = SharedFixtures.Path("fixtures", "real", "stormy.jpeg");
        var (exit, error) = RenderWithoutFfmpeg(Scene("still", $"init_image: init.png\ndirect_init_weight: 1\ndirect_image_prompts: {stormy}:1\n"));
        Assert.True(exit == 0, error);
        var image = ImageFile.Read(Path.Combine(_dir.FullName, "out", "default_2.png"));   // the finished image, after 2 steps
        Assert.Equal((16, 16), (image.Width, image.Height));
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "out", "default_losses.png")));
    }

    [Fact]
    public void A_tiff_input_without_ffmpeg_says_to_convert_it_or_install_ffmpeg()
    {
        var tiff = Path.Combine(_dir.FullName, "init.tiff");
        using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-nostdin", "-i", Init("init.png"), tiff]) { UseShellExecute = false })!)
        {
            ffmpeg.WaitForExit();
            Assert.Equal(0, ffmpeg.ExitCode);
        }
        var (exit, error) = RenderWithoutFfmpeg(Scene("tiff", "init_image: init.tiff\n"));
        Assert.Equal(1, exit);
        Assert.Contains("error PYTTI300", error, StringComparison.Ordinal);
        Assert.Contains(tiff + ": not a PNG, JPEG, WebP, GIF or BMP image, and FFmpeg, which reads other formats, is not installed", error, StringComparison.Ordinal);
        Assert.Contains("Convert the image to PNG or JPEG", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_animations_video_without_ffmpeg_says_what_to_install_and_keeps_the_frames()
    {
        var (exit, error) = RenderWithoutFfmpeg(Scene("anim", "animation_mode: 2D\n", video: "mp4"));
        Assert.Equal(1, exit);
        Assert.Contains("error PYTTI300", error, StringComparison.Ordinal);
        Assert.Contains("FFmpeg was not found", error, StringComparison.Ordinal);
        Assert.Contains("Install FFmpeg", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        var frames = Directory.GetFiles(Path.Combine(_dir.FullName, "out"), "default_*.png").Where(f => char.IsDigit(f[^5])).ToList();
        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.Equal((16, 16), ImageFile.Probe(f)));
    }
}
