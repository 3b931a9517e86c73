using System.Text.Json;
using Pytti.Engine.Rendering;
using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;

namespace Pytti.Cli.Preview;

/// <summary>
/// What the preview page shows, updated from the render thread and read by the server: the latest
/// displayed image, the saved frames, the losses so far and the run's status. Every change is
/// published to the open pages as a whole <see cref="PreviewSnapshot"/>.
/// </summary>
public sealed class PreviewState
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _gate = new();
    private readonly List<LossPoint> _losses = [];
    private readonly Dictionary<long, string> _framePaths = [];
    private PreviewSnapshot _snapshot = PreviewSnapshot.Waiting("", "");
    private RgbImage? _image;
    private string? _plotFile;
    private DateTime _start;
    private long _firstStep = -1;

    public PreviewBroadcast Pages { get; } = new();

    public PreviewSnapshot Snapshot { get { lock (_gate) return _snapshot; } }

    public string SnapshotJson { get { lock (_gate) return JsonSerializer.Serialize(_snapshot, Json); } }

    /// <summary>A new run of <paramref name="scene"/>: losses and status start over; the last image and frames stay until new ones come.</summary>
    public void Begin(string scene, string sceneText) => Update(s =>
    {
        _firstStep = -1;
        return s with { Status = "starting", Scene = scene, SceneText = sceneText, Error = null };
    });

    public void Started(long totalSteps) => Update(s =>
    {
        _start = DateTime.UtcNow;
        _losses.Clear();
        _plotFile = null;
        return s with { Status = "rendering", Step = 0, TotalSteps = totalSteps, Loss = null, EtaSeconds = null, Terms = [], Frames = [], Plot = s.Plot + 1 };
    });

    public void Step(StepRecord record) => Update(s =>
    {
        if (_firstStep < 0) _firstStep = record.Step;
        _losses.Add(new LossPoint(record.Step, record.Scene, record.Frame, record.Raw, record.Total));
        return s with
        {
            Step = record.Step + 1, TotalSteps = record.TotalSteps, SceneIndex = record.Scene, Frame = record.Frame,
            Loss = double.IsFinite(record.Total) ? record.Total : null, EtaSeconds = Eta(record),
            Terms = s.Terms.Count == record.Raw.Count ? s.Terms : [.. record.Raw.Keys],
        };
    });

    public void Displayed(RgbImage image) => Update(s =>
    {
        _image = image;
        return s with { Image = s.Image + 1, Plot = s.Plot + 1 };
    });

    public void Saved(RenderedFrame frame) => Update(s =>
    {
        _framePaths[frame.Index] = frame.Path;
        return s with { Frames = [.. s.Frames, new PreviewFrame(frame.Index, frame.Step)], Plot = s.Plot + 1 };
    });

    /// <summary>The frames of a finished run (cached ones included), the last of them as the image, and its loss plot file.</summary>
    public void Finished(RenderResult result) => Update(s =>
    {
        foreach (var f in result.Frames) _framePaths[f.Index] = f.Path;
        if (result.Frames.Count > 0) _image = null;   // the page shows the last frame's file
        _plotFile = result.LossPlotPath;
        return s with
        {
            Status = "finished", Frames = [.. result.Frames.Select(f => new PreviewFrame(f.Index, f.Step))], EtaSeconds = 0, Plot = s.Plot + 1,
            Image = result.Frames.Count > 0 ? s.Image + 1 : s.Image, FramesRendered = result.FramesRendered, FramesCached = result.FramesCached,
        };
    });

    public void Ended(string status, string? error = null) => Update(s => s with { Status = status, Error = error, EtaSeconds = null, Plot = s.Plot + 1 });

    public LossHistory Losses() { lock (_gate) return new LossHistory([.. _losses]); }

    /// <summary>The finished render's <c>*_losses.png</c> (the same figure, its frames cached or not); null while rendering.</summary>
    public string? PlotFile { get { lock (_gate) return _plotFile; } }

    /// <summary>The latest displayed image, else the file of the latest frame; null before either exists.</summary>
    public (RgbImage? Image, string? File) LatestImage()
    {
        lock (_gate)
            return _image is not null ? (_image, null)
                : _snapshot.Frames.Count > 0 ? (null, _framePaths[_snapshot.Frames[^1].Index]) : (null, null);
    }

    /// <summary>The file of saved frame <paramref name="index"/>; only frames this render reported are served.</summary>
    public string? FramePath(long index) { lock (_gate) return _framePaths.GetValueOrDefault(index); }

    private double? Eta(StepRecord record)
    {
        var done = record.Step + 1 - _firstStep;
        var elapsed = (DateTime.UtcNow - _start).TotalSeconds;
        return done > 0 ? elapsed / done * (record.TotalSteps - record.Step - 1) : null;
    }

    private void Update(Func<PreviewSnapshot, PreviewSnapshot> change)
    {
        string json;
        lock (_gate)
        {
            _snapshot = change(_snapshot);
            json = JsonSerializer.Serialize(_snapshot, Json);
        }
        Pages.Publish(json);
    }
}
