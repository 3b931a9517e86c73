using Pytti.Engine.Rendering;
using Pytti.Scenes.Dsl;
using Pytti.Scenes.Schema;
using Pytti.Engine.Animation;
using TorchSharp;

namespace Pytti.Engine.Prompts;

/// <summary>Something that follows the mask video: the renderer calls it at every animation frame boundary.</summary>
public interface IFrameAware
{
    /// <summary>The boundary's mask video frame, <see cref="VideoMask.FrameAt"/>.</summary>
    void OnFrame(int videoFrame);
}

/// <summary>
/// <c>_[video.mp4]</c> / <c>_[-video.mp4]</c> (reference 3.7): an <see cref="ImageMask"/> of the mask video's
/// frame 0, replaced at each frame boundary by frame <c>((i − pre)//spf + 1)·frame_stride</c>. Differences from
/// PyTTI: reading past the end of the video reads its last frame (the pipeline's loader clamps; PyTTI crashes);
/// each new frame starts with a fresh error image, so a render resumed at a frame boundary is the same bytes.
/// </summary>
public sealed class VideoMask : PromptMaskFunction, IFrameAware
{
    private readonly Func<int, torch.Tensor> _readFrame;
    private readonly bool _inverted;
    private ImageMask _current;

    /// <param name="readFrame">Mask video frame n as RGB [1,3,h,w] in [0,1]; the mask disposes it.</param>
    public VideoMask(Func<int, torch.Tensor> readFrame, bool inverted)
    {
        _readFrame = readFrame;
        _inverted = inverted;
        _current = Read(0);
    }

    /// <summary>The video frame the mask shows now.</summary>
    public int CurrentFrame { get; private set; }

    /// <summary>The image mask of the current frame.</summary>
    public ImageMask Current => _current;

    public void OnFrame(int videoFrame)
    {
        _current = Read(videoFrame);
        CurrentFrame = videoFrame;
    }

    private ImageMask Read(int n)
    {
        using var rgb = _readFrame(n);
        return ImageMask.FromImage(rgb, _inverted);
    }

    public override (torch.Tensor Stop, torch.Tensor Factor) Evaluate(CutoutEmbeddings views, double cutoff) => _current.Evaluate(views, cutoff);

    /// <summary>The video mask of <paramref name="mask"/>, registered with <paramref name="assets"/> to follow the frames.</summary>
    public static VideoMask Load(PromptMask mask, RenderAssets assets)
    {
        var result = new VideoMask(VideoReader(mask, assets), mask.Inverted);
        assets.FrameHooks.Add(result);
        return result;
    }

    internal static Func<int, torch.Tensor> VideoReader(PromptMask mask, RenderAssets assets)
    {
        var load = assets.LoadVideoFrame ?? throw new NotSupportedException($"the {mask} mask needs a video reader (RenderAssets.LoadVideoFrame)");
        var path = mask.Target!;
        return n => load(path, n);
    }

    /// <summary>The mask video frame of the frame boundary at step <paramref name="step"/>: <c>((i − pre)//spf + 1)·frame_stride</c>.</summary>
    public static int FrameAt(PyttiSettings values, long step) =>
        (int)Int128.Min((Int128)(Math.Max(0, step - values.PreAnimationSteps) / Math.Max(1, values.StepsPerFrame) + 1) * Math.Max(1, values.FrameStride), int.MaxValue);
}

/// <summary>
/// The mask of a direct stabilisation loss (reference 3.7, "Direct losses use masks differently"): the greyscale
/// mask K [1,1,h,w] (inverted 1 − K) that multiplies both the image and the target, resized bilinearly by the loss.
/// An image mask is read once; a video mask follows the frame boundaries. Letter and semantic masks do not apply to
/// direct losses (PyTTI only installs mask tensors there) and give no mask.
/// </summary>
public sealed class StabilizationMask : IFrameAware
{
    private readonly Func<int, torch.Tensor>? _readFrame;
    private readonly bool _inverted;
    private float[] _grey = [];
    private int _width;
    private int _height;

    private StabilizationMask(Func<int, torch.Tensor> read, bool inverted, bool video)
    {
        _inverted = inverted;
        _readFrame = video ? read : null;
        Set(read(0));
    }

    /// <summary>Null for masks that do not apply to direct losses (none, letter, semantic).</summary>
    public static StabilizationMask? For(PromptMask mask, RenderAssets assets)
    {
        switch (mask.Kind)
        {
            case MaskKind.Image:
                var path = mask.Target!;
                return new StabilizationMask(_ => assets.LoadImage(path), mask.Inverted, video: false);
            case MaskKind.Video:
                var result = new StabilizationMask(VideoMask.VideoReader(mask, assets), mask.Inverted, video: true);
                assets.FrameHooks.Add(result);
                return result;
            default:
                return null;
        }
    }

    /// <summary>A new tensor [1,1,h,w] of the current mask on <paramref name="like"/>'s device; the caller owns it.</summary>
    public torch.Tensor Tensor(torch.Tensor like)
    {
        using var cpu = torch.tensor(_grey, [1, 1, _height, _width]);
        return cpu.to(torch.float32, like.device);
    }

    public void OnFrame(int videoFrame)
    {
        if (_readFrame is not null) Set(_readFrame(videoFrame));
    }

    private void Set(torch.Tensor rgb)
    {
        using (rgb)
        {
            var (grey, width, height) = ImageMaskGreyscale.FromRgb(rgb);
            if (_inverted)
                for (var i = 0; i < grey.Length; i++) grey[i] = 1f - grey[i];
            (_grey, _width, _height) = (grey, width, height);
        }
    }
}
