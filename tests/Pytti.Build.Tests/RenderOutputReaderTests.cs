using Microsoft.Build.Framework;

namespace Pytti.Build.Tests;

public class RenderOutputReaderTests
{
    private const string Scene = "/content/scenes/a.pytti.yaml";
    private readonly FakeBuildEngine _engine = new();
    private readonly RenderOutputReader _reader;

    public RenderOutputReaderTests()
    {
        var task = new PyttiRender { BuildEngine = _engine };
        _reader = new RenderOutputReader(task.Log, Scene, "/content/Content.csproj", ["allow_overwrite=true", "width=x"], TimeSpan.FromHours(1));
    }

    /// <summary>Reads one line, then ends the output (an error is held for the lines that continue it until then).</summary>
    private void Read(string line, MessageImportance importance = MessageImportance.Low)
    {
        _reader.Read(line, importance);
        _reader.Flush();
    }

    [Fact]
    public void The_start_and_the_first_progress_line_are_shown_each_step_is_a_detailed_message()
    {
        Read("""{"event":"started","scene":"/content/scenes/a.pytti.yaml","steps":2,"output":"/out"}""");
        Read("""{"event":"step","step":0,"of":2,"scene":0,"loss":1.25}""");
        Read("""{"event":"step","step":1,"of":2,"scene":0,"loss":1.0}""");   // within the interval: no second progress line
        Assert.Empty(_engine.Errors);
        Assert.Equal(["pytti: /content/scenes/a.pytti.yaml: started, 2 step(s) into /out", "pytti: /content/scenes/a.pytti.yaml: frame 1, step 1/2, ETA estimating"],
            _engine.MessagesAt(MessageImportance.High));
        Assert.Equal(["pytti: /content/scenes/a.pytti.yaml: step 1/2, loss 1.25", "pytti: /content/scenes/a.pytti.yaml: step 2/2, loss 1"], _engine.MessagesAt(MessageImportance.Low));
        Assert.Equal("/out", _reader.OutputDirectory);
        Assert.False(_reader.Finished);
    }

    [Fact]
    public void Step_with_a_null_loss_is_still_a_message()
    {
        Read("""{"event":"step","step":4,"of":9,"scene":0,"loss":null}""");
        Assert.Equal(["pytti: /content/scenes/a.pytti.yaml: step 5/9, loss n/a"], _engine.MessagesAt(MessageImportance.Low));
    }

    [Fact]
    public void Image_events_are_collected_with_their_metadata()
    {
        Read("""{"event":"image","index":2,"step":1,"path":"/out/a_2.png","sha256":"d1f0"}""");
        var image = Assert.Single(_reader.Images);
        Assert.Equal("/out/a_2.png", image.ItemSpec);
        Assert.Equal("Frame", image.GetMetadata("Kind"));
        Assert.Equal("2", image.GetMetadata("FrameIndex"));
        Assert.Equal("1", image.GetMetadata("Step"));
        Assert.Equal("d1f0", image.GetMetadata("Sha256"));
        Assert.Contains("pytti: wrote /out/a_2.png", _engine.MessagesAt(MessageImportance.Low));
    }

    [Fact]
    public void Finished_event_ends_the_run_with_counts()
    {
        Read("""{"event":"finished","output":"/out","frames":3,"manifest":"/out/a_manifest.json"}""");
        Assert.True(_reader.Finished);
        Assert.Equal("/out/a_manifest.json", _reader.ManifestPath);
        Assert.Equal(3, _reader.FramesRendered);
        Assert.Null(_reader.FramesCached);

        Read("""{"event":"finished","output":"/out","images":4,"rendered":2,"cached":3,"manifest":"/out/a_manifest.json","video":"/out/a.mp4"}""");
        Assert.Equal((2, 3, 4, "/out/a.mp4"), (_reader.FramesRendered, _reader.FramesCached, _reader.ImagesWritten, _reader.VideoPath));

        Read("""{"event":"finished","output":"/out","images":4,"rendered":0,"cached":5,"manifest":"/out/a_manifest.json","video":null}""");
        Assert.Null(_reader.VideoPath);
    }

    [Fact]
    public void Plan_event_is_a_detailed_message()
    {
        Read("""{"event":"plan","cached":3,"frames":5}""");
        Assert.Equal(["pytti: /content/scenes/a.pytti.yaml: 3 of 5 frame(s) cached"], _engine.MessagesAt(MessageImportance.Low));
    }

    [Fact]
    public void A_model_download_is_news_at_normal_verbosity_and_a_check_of_a_present_file_is_not()
    {
        Read("""{"event":"download","model":"ClipBpeVocabulary","stage":"verifying","bytes":0,"total":1356917,"url":"https://x/v.gz","message":null}""");
        Read("""{"event":"download","model":"ClipBpeVocabulary","stage":"verified","bytes":1356917,"total":1356917,"url":"https://x/v.gz","message":null}""");
        Assert.Empty(_engine.MessagesAt(MessageImportance.Normal));
        Read("""{"event":"download","model":"ViTB32","stage":"downloading","bytes":0,"total":353976522,"url":"https://x/ViT-B-32.pt","message":null}""");
        Read("""{"event":"download","model":"ViTB32","stage":"downloading","bytes":1048576,"total":353976522,"url":"https://x/ViT-B-32.pt","message":null}""");
        Read("""{"event":"download","model":"ViTB32","stage":"verified","bytes":353976522,"total":353976522,"url":"https://x/ViT-B-32.pt","message":null}""");
        Assert.Equal(["pytti: downloading model ViTB32 from https://x/ViT-B-32.pt into the model store", "pytti: model ViTB32 downloaded and verified"],
            _engine.MessagesAt(MessageImportance.Normal));
        Assert.Empty(_engine.Errors);
    }

    [Fact]
    public void Unknown_event_is_a_detailed_message()
    {
        Read("""{"event":"video","path":"/out/a.mp4"}""");
        Assert.Equal(["""pytti: {"event":"video","path":"/out/a.mp4"}"""], _engine.MessagesAt(MessageImportance.Low));
        Assert.Empty(_engine.Errors);
    }

    [Fact]
    public void Scene_error_line_is_an_error_at_its_file_line_and_column()
    {
        Read("/content/scenes/base.pytti.yaml(12,5): error PYTTI012: 'cutouts' must be >= 1, not '0'");
        var e = Assert.Single(_engine.Errors);
        Assert.Equal(("PYTTI012", "/content/scenes/base.pytti.yaml", 12, 5, "'cutouts' must be >= 1, not '0'"), (e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message));
    }

    [Fact]
    public void Scene_error_without_a_file_is_put_on_the_scene()
    {
        Read("error PYTTI001: the scene is empty");
        var e = Assert.Single(_engine.Errors);
        Assert.Equal(("PYTTI001", Scene, 0, 0), (e.Code, e.File, e.LineNumber, e.ColumnNumber));
    }

    [Fact]
    public void Scene_warning_line_is_a_warning()
    {
        Read("/content/scenes/a.pytti.yaml(3,1): warning PYTTI050: 'foo' is not a PyTTI setting");
        var w = Assert.Single(_engine.Warnings);
        Assert.Equal(("PYTTI050", "/content/scenes/a.pytti.yaml", 3, 1), (w.Code, w.File, w.LineNumber, w.ColumnNumber));
        Assert.Empty(_engine.Errors);
    }

    [Fact]
    public void Override_error_points_at_the_project_and_quotes_the_value()
    {
        Read("<override>(2,7): error PYTTI009: 'width' must be a whole number from -1 to 65536, not 'x'");
        var e = Assert.Single(_engine.Errors);
        Assert.Equal(("PYTTI009", "/content/Content.csproj", 0), (e.Code, e.File, e.LineNumber));
        Assert.Contains("'width=x'", e.Message);
        Assert.Contains("a.pytti.yaml", e.Message);
    }

    [Fact]
    public void Tool_error_with_a_code_is_put_on_the_scene()
    {
        Read("pytti: error PYTTI121: 'ViT-B-32.pt' is not in the model store; place it in /models/clip or go online");
        var e = Assert.Single(_engine.Errors);
        Assert.Equal(("PYTTI121", Scene, "'ViT-B-32.pt' is not in the model store; place it in /models/clip or go online"), (e.Code, e.File, e.Message));
    }

    [Fact]
    public void Usage_error_gets_the_build_code()
    {
        Read("pytti: error: Unrecognized command or argument '--cache-dir'.");
        var e = Assert.Single(_engine.Errors);
        Assert.Equal(("PYTTI402", Scene), (e.Code, e.File));
        Assert.Contains("--cache-dir", e.Message);
    }

    [Fact]
    public void Other_text_is_a_message_at_the_stream_importance_and_kept_for_crash_reports()
    {
        Read("1 error(s); nothing was rendered.", MessageImportance.Low);
        Read("Unhandled exception. System.InvalidOperationException: boom", MessageImportance.Normal);
        Assert.Equal(["pytti: 1 error(s); nothing was rendered."], _engine.MessagesAt(MessageImportance.Low));
        Assert.Equal(["pytti: Unhandled exception. System.InvalidOperationException: boom"], _engine.MessagesAt(MessageImportance.Normal));
        Assert.Equal(["1 error(s); nothing was rendered.", "Unhandled exception. System.InvalidOperationException: boom"], _reader.LastText);
        Assert.Empty(_engine.Errors);
    }
}
