using System.Text.Json;
using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;
using Pytti.Pipeline.Tests.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Media;

/// <summary>The contact sheet: every frame of an animation on one PNG, in order, listed in the manifest beside the loss plot.</summary>
public sealed class ContactSheetTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-contact-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>A 16x16 PNG of one colour.</summary>
    private string Solid(int index, byte r, byte g, byte b)
    {
        var path = Path.Combine(_dir.FullName, $"f_{index}.png");
        ImageFile.WritePng(path, new RgbImage(16, 16, [.. Enumerable.Range(0, 16 * 16).SelectMany(_ => new[] { r, g, b })]));
        return path;
    }

    [Fact]
    public void Five_frames_make_a_three_by_two_grid_in_order_at_their_own_size()
    {
        byte[][] colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [0, 255, 255]];
        var frames = colours.Select((c, i) => Solid(i, c[0], c[1], c[2])).ToList();
        var sheet = Path.Combine(_dir.FullName, "f_contact.png");

        ContactSheet.Write(sheet, frames);

        var image = ImageFile.Read(sheet);
        Assert.Equal((3 * 16 + 4 * ContactSheet.Gap, 2 * 16 + 3 * ContactSheet.Gap), (image.Width, image.Height));
        for (var i = 0; i < colours.Length; i++)
        {
            var (x, y) = (ContactSheet.Gap + i % 3 * (16 + ContactSheet.Gap) + 8, ContactSheet.Gap + i / 3 * (16 + ContactSheet.Gap) + 8);
            var at = 3 * (y * image.Width + x);
            Assert.Equal(colours[i], image.Pixels[at..(at + 3)]);   // the centre of a solid frame keeps its colour exactly
        }
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*tmp*"));
    }

    [Fact]
    public void Large_frames_are_scaled_down_to_the_thumb_width_keeping_their_aspect()
    {
        var (width, height, columns, thumbWidth, thumbHeight) = ContactSheet.Layout(10, 1024, 512);
        Assert.Equal((4, 256, 128), (columns, thumbWidth, thumbHeight));
        Assert.Equal((4 * 256 + 5 * ContactSheet.Gap, 3 * 128 + 4 * ContactSheet.Gap), (width, height));
    }

    [Fact]
    public void An_animation_writes_its_contact_sheet_beside_the_loss_plot_and_lists_it_in_the_manifest()
    {
        var store = TinyRenders.Store(_dir.FullName);
        var request = TinyRenders.Hello(_dir.FullName, store, $"perceptors=[{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]",
            "animation_mode=2D", "steps_per_frame=1", "pre_animation_steps=0", "steps_per_scene=3", "video_container=none");

        var result = RenderJob.Run(request, new RecordingProgress());

        var sheet = Path.Combine(result.OutputDirectory, result.BaseName + "_contact.png");
        Assert.Equal(Path.GetDirectoryName(result.LossPlotPath), Path.GetDirectoryName(sheet));
        var (width, height, _, _, _) = ContactSheet.Layout(result.Frames.Count, 16, 16);
        Assert.Equal((width, height), ImageFile.Probe(sheet));
        Assert.Contains(sheet, result.Files);
        using var manifest = JsonDocument.Parse(File.ReadAllText(result.ManifestPath));
        Assert.Equal(Path.GetFileName(sheet), manifest.RootElement.GetProperty("contact_sheet").GetString());
    }

    [Fact]
    public void A_still_has_no_contact_sheet()
    {
        var store = TinyRenders.Store(_dir.FullName);
        var request = TinyRenders.Hello(_dir.FullName, store, $"perceptors=[{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]");

        var result = RenderJob.Run(request, new RecordingProgress());

        Assert.False(File.Exists(Path.Combine(result.OutputDirectory, result.BaseName + "_contact.png")));
        using var manifest = JsonDocument.Parse(File.ReadAllText(result.ManifestPath));
        Assert.False(manifest.RootElement.TryGetProperty("contact_sheet", out _));
    }
}
