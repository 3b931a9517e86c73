using Pytti.Pipeline.Media;
using Pytti.Testing;
using Pytti.Torch;

namespace Pytti.Pipeline.Tests.Media;

public sealed class ImageFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-media-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Png_round_trips_pixels_exactly_and_leaves_no_temporary_file()
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
    }

    [Fact]
    public void Jpeg_fixture_decodes_at_its_size()
    {
        var (w, h) = ImageFile.Probe(SharedFixtures.Path("fixtures", "real", "stormy.jpeg"));
        var image = ImageFile.Read(SharedFixtures.Path("fixtures", "real", "stormy.jpeg"));
        Assert.Equal((w, h), (image.Width, image.Height));
        Assert.True(w > 0 && h > 0);
        Assert.Equal(w * h * 3, image.Pixels.Length);
    }

    [Fact]
    public void Tensor_conversion_truncates_like_pytti()
    {
        using var scope = LibTorch.NewDisposeScope();
        var t = Tensor.From([0.999f, 0.5f, -1f, 2f, 0.1f, 0.2f], 1, 3, 1, 2);   // [1,3,H=1,W=2]
        var image = RgbImage.FromTensor(t);
        // pixel 0 = (c0[0], c1[0], c2[0]) = (0.999, -1, 0.1) -> (254, 0, 25); pixel 1 = (0.5, 2, 0.2) -> (127, 255, 51)
        Assert.Equal(new byte[] { 254, 0, 25, 127, 255, 51 }, image.Pixels);
        var back = image.ToTensor();
        Assert.Equal([1L, 3L, 1L, 2L], back.Shape);
        Assert.Equal(254 / 255f, back.ToArray<float>()[0], 6);
    }

    [Fact]
    public void Missing_and_non_image_files_are_clear_errors()
    {
        var missing = Path.Combine(_dir.FullName, "nope.png");
        var e1 = Assert.Throws<MediaException>(() => ImageFile.Read(missing));
        Assert.Contains(missing, e1.Message);
        var text = Path.Combine(_dir.FullName, "notes.png");
        File.WriteAllText(text, "not an image");
        var e2 = Assert.Throws<MediaException>(() => ImageFile.Read(text));
        Assert.Contains(text, e2.Message);
    }
}
