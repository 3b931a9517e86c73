using System.Text.Json;
using Pytti.Engine.Rendering;
using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Media;
using Pytti.Scenes.Planning;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Writes each image as it is saved (output folder and content store) and, at each frame's end,
/// the frame's record (and a checkpoint every <c>checkpoint_every</c> frames) into the cache, so an
/// interrupted render loses at most the frame in progress. Each record then goes to the remote cache, if any.
/// </summary>
internal sealed class CachingObserver(RenderContext context, FrameIndex index, int firstDirty, IRenderProgress progress, Cache.Remote.RemoteCache? remote) : IRenderObserver
{
    private readonly List<CachedImage> _images = [];
    private readonly List<string> _losses = [];

    public void OnStep(StepRecord record)
    {
        _losses.Add(LossLine(record));
        progress.Step(record);
        NonFiniteLoss.Check(record, context);
    }

    public void OnImage(SavedImage image)
    {
        var path = Path.Combine(context.OutputDirectory, $"{context.BaseName}_{image.Index}.png");
        try
        {
            ImageFile.WritePng(path, RgbImage.FromTensor(image.Image));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MediaException)
        {
            throw new RenderException(PipelineErrorCodes.Output, $"{path}: cannot write the frame ({e.Message.TrimEnd('.')}). Check free disk space and permissions; frames already written are kept.", e);
        }
        var sha = CacheWrite(() => index.Objects.PutFile(path));
        _images.Add(new CachedImage(image.Index, image.Step, sha));
        progress.Saved(new RenderedFrame(image.Index, image.Step, path, sha));
    }

    public bool WantsDisplay => progress.WantsDisplay;

    public void OnDisplay(SavedImage image) => progress.Displayed(image.Step, RgbImage.FromTensor(image.Image));

    public void OnFrameEnd(FrameInfo frame, Func<EngineState> capture)
    {
        if (frame.Index >= firstDirty)
        {
            var every = context.Document.Values.CheckpointEvery;
            string? checkpoint = null;
            if (every > 0 && ((frame.Index + 1) % every == 0 || frame.Index + 1 == context.Keys.Count))   // the last one too: an extended run resumes there
            {
                using var state = capture();
                checkpoint = CacheWrite(() => Checkpoints.Save(index.Objects, state));
            }
            var (key, inputs) = context.Keys[(int)frame.Index];   // a render keys at most PlanLimits.MaxFrames frames
            var record = new FrameRecord(key, (int)frame.Index, _images.ToList(), checkpoint, _losses.ToList(), inputs);
            CacheWrite(() => index.Put(record));
            remote?.Upload(record, index.Objects);   // after the local write, in the background
        }
        _images.Clear();
        _losses.Clear();
    }

    /// <summary>A write into the frame cache (an image, a record, a checkpoint); a failure (a full disk) names the cache, not the output folder.</summary>
    private T CacheWrite<T>(Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException
            or Torch.Serialization.WeightFormatException { Code: Torch.Serialization.WeightErrorCodes.WriteFailed })
        {
            throw new RenderException(PipelineErrorCodes.Cache, $"{context.CacheRoot}: cannot write to the frame cache ({e.Message.TrimEnd('.')}). "
                + "Free space on its disk or make it writable, or pass another --cache folder; frames already in the cache are kept, so a rerun resumes.", e);
        }
    }

    private void CacheWrite(Action write) => CacheWrite(() => { write(); return 0; });

    internal static string LossLine(StepRecord s) => JsonSerializer.Serialize(new
    {
        step = s.Step,
        scene = s.Scene,
        t = s.T,
        losses = s.Raw.ToDictionary(kv => kv.Key, kv => Number(kv.Value)),
        total = Number(s.Total),
    });

    /// <summary>JSON has no NaN or infinity: such a value is written as the text <c>nan</c>, <c>inf</c> or <c>-inf</c>.</summary>
    private static object Number(double value) => double.IsFinite(value) ? value : Pytti.Scenes.Expressions.NumberText.Format(value);
}
