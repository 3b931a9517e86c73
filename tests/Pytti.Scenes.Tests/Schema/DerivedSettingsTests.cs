using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Tests.Schema;

/// <summary>Values derived from several parameters: video output and the effective learning rate.</summary>
public class DerivedSettingsTests
{
    [Theory]
    [InlineData("", "mp4", "libx264", 18, 12)]
    [InlineData("video_container: webm\nvideo_quality: 30\n", "webm", "libvpx-vp9", 30, 12)]
    [InlineData("video_container: gif\nframes_per_second: 24\n", "gif", "gif", 18, 24)]
    [InlineData("video_codec: libx265\nvideo_fps: 29.97\n", "mp4", "libx265", 18, 29.97)]
    public void Video_output(string yaml, string container, string codec, int quality, double fps) =>
        Assert.Equal(new VideoOutput(container, codec, quality, fps), TempScene.Document("scenes: a\n" + yaml).Video);

    [Fact]
    public void No_video() => Assert.Null(TempScene.Document("scenes: a\nvideo_container: none\n").Video);

    [Theory]
    [InlineData("", 0.02)]
    [InlineData("image_model: Limited Palette\n", 0.02)]
    [InlineData("image_model: VQGAN\n", 0.1)]
    [InlineData("image_model: VQGAN\nvqgan_model: openimages\n", 0.15)]
    [InlineData("image_model: VQGAN\nlearning_rate: 0.3\n", 0.3)]
    public void Learning_rate_defaults_per_image_model(string yaml, double rate) =>
        Assert.Equal(rate, TempScene.Document("scenes: a\n" + yaml).EffectiveLearningRate);
}
