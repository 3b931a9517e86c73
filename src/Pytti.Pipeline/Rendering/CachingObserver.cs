using System.Text.Json;
using Pytti.Engine.Rendering;
using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Media;
using Pytti.Scenes.Planning;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Writes each image as it is saved (output folder and content store) and, at each frame's end,
/// the frame's record (and a checkpoint every <c>checkpoint_every</c> frames) into the cache, so an
/// interrupted render loses at most the frame in progress.
/// </summary>
internal sealed class CachingObserver(RenderContext context, FrameIndex index, int firstDirty, IRenderProgress progress) : IRenderObserver
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
        catch (IOException e)
        {
            throw new RenderException(PipelineErrorCodes.Output, $"{path}: cannot write the frame ({e.Message}). Check free disk space and permissions; frames already written are kept.", e);
        }
        var sha = index.Objects.PutFile(path);
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
            if (every > 0 && (frame.Index + 1) % every == 0 && frame.Index + 1 < context.Keys.Count)
            {
                using var state = capture();
                checkpoint = Checkpoints.Save(index.Objects, state);
            }
            var (key, inputs) = context.Keys[frame.Index];
            index.Put(new FrameRecord(key, frame.Index, _images.ToList(), checkpoint, _losses.ToList(), inputs));
        }
        _images.Clear();
        _losses.Clear();
    }

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
