using System.Text.Json.Nodes;
using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Rendering;
using Pytti.Pipeline.Tests.Rendering;
using Pytti.Testing;

namespace Pytti.Pipeline.Tests.Cache;

/// <summary>
/// The cache trusts nothing it reads: a frame record that is damaged, incomplete, stored under another key or
/// pointing at another frame's (valid) image is ignored with a warning, and its frame renders again to the bytes of a clean render.
/// </summary>
public sealed class FrameRecordTrustTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-trust-");
    private string Cache => Path.Combine(_dir.FullName, "cache");

    public FrameRecordTrustTests()
    {
        TinyRenders.Store(_dir.FullName);
        File.WriteAllText(Path.Combine(_dir.FullName, "t.pytti.yaml"), $"""
            scenes: a lighthouse || a storm
            perceptors: [{SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt")}]
            width: 16
            height: 16
            steps_per_scene: 4
            steps_per_frame: 2
            pre_animation_steps: 0
            save_every: 2
            cutouts: 2
            seed: 5
            video_container: none
            file_namespace: t
            """);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private (RenderResult Result, RecordingProgress Progress) Render()
    {
        var progress = new RecordingProgress();
        var request = TinyRenders.Offline(Path.Combine(_dir.FullName, "t.pytti.yaml"), _dir.FullName, Path.Combine(_dir.FullName, "store")) with { CacheDirectory = Cache };
        return (RenderJob.Run(request, progress), progress);
    }

    private static byte[][] Images(RenderResult r) => r.Frames.OrderBy(f => f.Index).Select(f => File.ReadAllBytes(f.Path)).ToArray();

    private string RecordPath(RenderResult r, int frame)
    {
        var key = System.Text.Json.JsonDocument.Parse(File.ReadAllText(r.ManifestPath)).RootElement.GetProperty("frame_keys")[frame].GetString()!;
        return Path.Combine(Cache, "frames", key[..2], key + ".json");
    }

    private string AssertReRendersFrame2OnWithAWarning(RenderResult first, string record)
    {
        var (second, progress) = Render();
        Assert.Equal((2, 2), (second.FramesCached, second.FramesRendered));
        var warning = Assert.Single(progress.Warnings);
        Assert.Equal((record, "PYTTI305"), (warning.File, warning.Code));
        Assert.StartsWith("cache record for frame 2 ignored: ", warning.Message);
        Assert.Equal(Images(first), Images(second));
        return warning.Message;
    }

    [Theory]
    [InlineData("{\"key\": \"KEY\"}")]
    [InlineData("{\"key\": \"KEY\", \"frame\": 2, \"images\": null, \"losses\": [], \"inputs\": null}")]
    [InlineData("[1, 2")]
    [InlineData("")]
    public void A_record_that_is_not_a_whole_frame_record_is_ignored_and_its_frame_re_rendered(string json)
    {
        var (first, _) = Render();
        var record = RecordPath(first, 2);
        File.WriteAllText(record, json.Replace("KEY", Path.GetFileNameWithoutExtension(record)));
        AssertReRendersFrame2OnWithAWarning(first, record);
    }

    [Fact]
    public void A_record_pointing_at_another_frames_valid_image_is_not_trusted()
    {
        var (first, _) = Render();
        var record = RecordPath(first, 2);
        var json = JsonNode.Parse(File.ReadAllText(record))!;
        json["images"]![0]!["sha256"] = first.Frames.Single(f => f.Index == 1).Sha256;    // frame 0's image, present and valid
        File.WriteAllText(record, json.ToJsonString());
        Assert.Contains("its seal does not match its content", AssertReRendersFrame2OnWithAWarning(first, record));
    }

    [Fact]
    public void A_record_copied_under_another_frames_key_is_not_trusted()
    {
        var (first, _) = Render();
        var record = RecordPath(first, 2);
        File.Copy(RecordPath(first, 1), record, overwrite: true);
        Assert.Contains("names key", AssertReRendersFrame2OnWithAWarning(first, record));
    }

    [Fact]
    public void A_folder_where_a_record_belongs_is_replaced_by_the_re_rendered_record()
    {
        var (first, _) = Render();
        var record = RecordPath(first, 2);
        File.Delete(record);
        Directory.CreateDirectory(record);
        AssertReRendersFrame2OnWithAWarning(first, record);
        Assert.True(File.Exists(record));
    }
}
