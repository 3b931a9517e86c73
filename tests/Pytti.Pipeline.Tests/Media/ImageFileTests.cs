using System.Diagnostics;
using Pytti.Pipeline.Media;
using Pytti.Testing;
using TorchSharp;
using SkiaSharp;

namespace Pytti.Pipeline.Tests.Media;

/// <summary>Still images through SkiaSharp (FFmpeg only for formats Skia does not decode), decoded as PyTTI's PIL <c>convert('RGB')</c> does.</summary>
public sealed class ImageFileTests : IDisposable
{
    private static readonly string Stormy = SharedFixtures.Path("fixtures", "real", "stormy.jpeg");
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-media-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Png_round_trips_pixels_exactly_as_8_bit_rgb_and_leaves_no_temporary_file()
    {
        var pixels = new byte[5 * 3 * 3];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 256);
        var image = new RgbImage(5, 3, pixels);
        var path = Path.Combine(_dir.FullName, "sub", "frame.png");
        ImageFile.WritePng(path, image);
        var back = ImageFile.Read(path);
        Assert.Equal((5, 3), (back.Width, back.Height));
        Assert.Equal(pixels, back.Pixels);
        Assert.Equal(["frame.png"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        var header = File.ReadAllBytes(path)[24..26];
        Assert.Equal(new byte[] { 8, 2 }, header);                   // IHDR: bit depth 8, colour type 2 (RGB, no alpha channel)
        Assert.Equal(File.ReadAllBytes(path), ImageFile.EncodePng(image));
    }

    [Fact]
    public void Alpha_is_dropped_not_composited_as_pil_convert_rgb_does()
    {
        // (10,20,30) fully transparent and (200,100,50) half transparent: composited on black or white they would change
        var path = Write("rgba.png", HandMadePng.Build(2, 1, colourType: 6, bitDepth: 8, [10, 20, 30, 0, 200, 100, 50, 128]));
        var image = ImageFile.Read(path);
        Assert.Equal(new byte[] { 10, 20, 30, 200, 100, 50 }, image.Pixels);
    }

    [Fact]
    public void Sixteen_bit_png_comes_out_8_bit_within_one_level_of_pils_high_byte()
    {
        ushort[] samples = [0x1234, 0xABCD, 0x0000, 0xFFFF, 0x8080, 0x12FF];
        var bytes = samples.SelectMany(s => new[] { (byte)(s >> 8), (byte)s }).ToArray();
        var image = ImageFile.Read(Write("deep.png", HandMadePng.Build(2, 1, colourType: 2, bitDepth: 16, bytes)));
        Assert.Equal((2, 1), (image.Width, image.Height));
        for (var i = 0; i < samples.Length; i++)
            Assert.InRange(image.Pixels[i] - (samples[i] >> 8), 0, 1);
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x80 }, new[] { image.Pixels[2], image.Pixels[3], image.Pixels[4] });   // exact where high byte and rounding agree
    }

    [Fact]
    public void Exif_orientation_is_not_applied_as_pil_image_open_does_not()
    {
        var path = Write("rotated.jpg", WithExifOrientation(Jpeg(6, 2), orientation: 6));
        using (var codec = SKCodec.Create(path))
            Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin);   // the file does say "rotate 90°"
        Assert.Equal((6, 2), ImageFile.Probe(path));
        var image = ImageFile.Read(path);
        Assert.Equal((6, 2), (image.Width, image.Height));
    }

    [Fact]
    public void Jpeg_decodes_within_a_level_of_ffmpegs_decoder_on_average()
    {
        var (w, h) = ImageFile.Probe(Stormy);
        var image = ImageFile.Read(Stormy);
        Assert.Equal((1280, 832), (w, h));
        Assert.Equal((w, h), (image.Width, image.Height));
        var reference = FfmpegImage.Read(Stormy);                    // the decoder stills went through before SkiaSharp
        var diffs = image.Pixels.Zip(reference.Pixels, (a, b) => Math.Abs(a - b)).ToArray();
        // Measured: mean 0.82 levels, 3% of samples over 2 apart, 0.03% over 8, at most 23 (at sharp colour edges:
        // FFmpeg upsamples chroma its own way, libjpeg-turbo, as in Skia and PIL, with "fancy upsampling").
        Assert.InRange(diffs.Average(), 0.0, 1.0);
        Assert.InRange(diffs.Count(d => d > 2) / (double)diffs.Length, 0.0, 0.05);
        Assert.InRange(diffs.Count(d => d > 8) / (double)diffs.Length, 0.0, 0.001);
    }

    [Fact]
    public void A_tiff_which_skia_does_not_decode_falls_back_to_ffmpeg()
    {
        var noise = Noise(5, 3);
        var png = Write("noise.png", ImageFile.EncodePng(noise));
        var path = Path.Combine(_dir.FullName, "noise.tiff");
        RunFfmpeg("-i", png, "-pix_fmt", "rgb24", path);               // lossless: the same pixels
        Assert.Null(SKCodec.Create(path));
        Assert.Equal((5, 3), ImageFile.Probe(path));
        Assert.Equal(noise.Pixels, ImageFile.Read(path).Pixels);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void A_truncated_image_is_a_located_error_that_says_what_to_do(string format)
    {
        var whole = format == "png" ? ImageFile.EncodePng(Noise(64, 64)) : File.ReadAllBytes(Stormy);
        var path = Write("cut." + format, whole[..(whole.Length / 2)]);
        var e = Assert.Throws<MediaException>(() => ImageFile.Read(path));
        Assert.StartsWith(path + ": the image is damaged or truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("Export it again or replace the file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensor_conversion_truncates_like_pytti()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new[] { 0.999f, 0.5f, -1f, 2f, 0.1f, 0.2f }, [1, 3, 1, 2]);   // [1,3,H=1,W=2]
        var image = RgbImage.FromTensor(t);
        // pixel 0 = (c0[0], c1[0], c2[0]) = (0.999, -1, 0.1) -> (254, 0, 25); pixel 1 = (0.5, 2, 0.2) -> (127, 255, 51)
        Assert.Equal(new byte[] { 254, 0, 25, 127, 255, 51 }, image.Pixels);
        var back = image.ToTensor();
        Assert.Equal([1L, 3L, 1L, 2L], back.shape);
        Assert.Equal(254 / 255f, back.data<float>()[0], 6);
    }

    [Fact]
    public void Tensor_conversion_lands_on_the_asked_device_with_the_CPU_s_values()
    {
        using var scope = torch.NewDisposeScope();
        var image = new RgbImage(2, 1, [254, 0, 25, 127, 255, 51]);
        var cpu = image.ToTensor(torch.CPU);
        Assert.Equal(image.ToTensor().data<float>().ToArray(), cpu.data<float>().ToArray());
        var meta = image.ToTensor(new torch.Device("meta"));   // no GPU here: libtorch's storage-less device stands in
        Assert.Equal(DeviceType.META, meta.device_type);
        Assert.Equal([1L, 3L, 1L, 2L], meta.shape);
    }

    [Fact]
    public void Missing_and_non_image_files_are_clear_errors()
    {
        var missing = Path.Combine(_dir.FullName, "nope.png");
        var e1 = Assert.Throws<MediaException>(() => ImageFile.Read(missing));
        Assert.StartsWith(missing + ": image not found", e1.Message, StringComparison.Ordinal);
        var text = Path.Combine(_dir.FullName, "notes.png");
        File.WriteAllText(text, "this is not an image, just some words in a file");
        var e2 = Assert.Throws<MediaException>(() => ImageFile.Read(text));
        Assert.StartsWith(text + ": ", e2.Message, StringComparison.Ordinal);
    }

    private static RgbImage Noise(int width, int height)
    {
        var random = new Random(7);
        var pixels = new byte[width * height * 3];
        random.NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    private static byte[] Jpeg(int width, int height)
    {
        var png = ImageFile.EncodePng(Noise(width, height));
        using var bitmap = SKBitmap.Decode(png);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>The JPEG with an APP1 Exif segment right after SOI whose one IFD entry is Orientation (0x0112) = <paramref name="orientation"/>.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,           // big-endian TIFF header, IFD at offset 8
            0, 1,                                                          // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0,   // Orientation, SHORT, count 1
            0, 0, 0, 0];                                                   // no next IFD
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var length = payload.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }

    private static void RunFfmpeg(params string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-v", "error", "-nostdin", "-y", .. args]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }
}
