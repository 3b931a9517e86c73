using Pytti.Engine.ImageModels;
using Pytti.Engine.Losses;
using Pytti.Engine.Rendering;
using Pytti.Models.Flow;
using Pytti.Scenes;
using Pytti.Scenes.Expressions;
using Pytti.Torch;

namespace Pytti.Engine.Animation;

/// <summary>
/// <c>animation_mode: Video Source</c> (reference 8.4). At the frame boundary of step i, with
/// <c>k = (i − pre)//spf</c>: video frame <c>n = min(k·stride, L − 1)</c> and the next one
/// <c>min(n + stride, L − 1)</c>; RAFT flow between the two video frames; the image model is warped
/// by the backward flow into the next frame's position (latent grid, or decode → warp → re-encode);
/// the flow loss aims at the warped image, masked by the consistency mask; with
/// <c>reencode_each_frame</c>, or on a cut, the next video frame is encoded into the model.
/// The stabilisation losses aim at the next video frame (8.2). Every value is recomputed from the video
/// and the model at each boundary, so a resumed run needs no extra state.
/// Differences from the reference: RAFT instead of GMA (inputs in [0, 1] as RAFT expects), frames resized
/// bilinearly with antialiasing instead of LANCZOS, flow computed at the first boundary as well (the
/// reference skips it while <c>i // save_every &lt; 1</c>), a full encode on a cut for every model (the
/// reference's value-only encode for Limited Palette is not ported), no long-term samples
/// (<c>flow_long_term_samples</c> is read as 0), and a photometric cut rule beside the reference's (see
/// <see cref="FlowWarp.PhotometricCut"/>).
/// </summary>
public sealed class VideoSource : IDisposable
{
    private readonly SceneDocument _doc;
    private readonly Func<int, Tensor> _frames;
    private readonly int _count;
    private readonly FlowModel _raft;
    private readonly int _iterations;
    private readonly long _width;
    private readonly long _height;

    /// <param name="frames">Video frame n as [1,3,h,w] in [0,1] (the caller's size; resized here); the engine disposes it.</param>
    public VideoSource(SceneDocument doc, Func<int, Tensor> frames, int count, FlowModel raft, long width, long height, int iterations = 12)
    {
        if (count < 1) throw new ArgumentException("The video has no frames.", nameof(count));
        (_doc, _frames, _count, _raft, _iterations, _width, _height) = (doc, frames, count, raft, iterations, width, height);
        var flow = doc.Losses.FlowStabilization;
        Loss = new FlowLoss("optical flow stabilization (frame -1)", flow?.Weight ?? CompiledExpression.Compile("0"), flow?.Stop);
    }

    /// <summary>The Video Source of a scene (null for other animation modes), at the model's output size.</summary>
    public static VideoSource? For(SceneDocument doc, RenderAssets assets, ImageModel model)
    {
        if (doc.Values.AnimationMode != "Video Source") return null;
        if (assets.VideoFrame is not { } frames || assets.VideoFrameCount < 1)
            throw new InvalidOperationException("animation_mode 'Video Source' needs the frames of video_path; the caller supplied none.");
        if (assets.LoadFlowModel is not { } load)
            throw new InvalidOperationException("animation_mode 'Video Source' needs a RAFT flow model: set flow_model to a RAFT checkpoint path.");
        long height, width;
        using (var output = model.DecodeForOutput()) (height, width) = (output.Size(2), output.Size(3));
        return new VideoSource(doc, frames, assets.VideoFrameCount, load(), width, height, assets.FlowIterations);
    }

    /// <summary>The flow stabilisation loss (weight <c>0</c> when <c>flow_stabilization_weight</c> is empty or 0).</summary>
    public FlowLoss Loss { get; }

    /// <summary>The last boundary's cut evidence (for tests and logs).</summary>
    public FlowWarp.CutEvidence? LastEvidence { get; private set; }

    /// <summary>The last boundary's video frame indices (previous, next).</summary>
    public (int Previous, int Next) LastFrames { get; private set; }

    /// <summary>Video frame <paramref name="index"/> (clamped to the last) at the output size, [1,3,H,W] in [0,1].</summary>
    public Tensor Frame(int index)
    {
        using var scope = LibTorch.NewDisposeScope();
        var raw = _frames(Math.Clamp(index, 0, _count - 1));
        var frame = raw.Size(2) == _height && raw.Size(3) == _width
            ? raw.Clone()
            : Functional.Interpolate(raw, [_height, _width], mode: InterpolateMode.Bilinear, alignCorners: false, antialias: true).Clamp(0.0, 1.0);
        raw.Dispose();
        return frame.MoveToOuterScope();
    }

    /// <summary>The video frame indices the boundary at step <paramref name="step"/> moves between.</summary>
    public (int Previous, int Next) FramesAt(int step)
    {
        var v = _doc.Values;
        var k = Math.Max(0, step - v.PreAnimationSteps) / Math.Max(1, v.StepsPerFrame);
        var stride = Math.Max(1, v.FrameStride);
        var previous = (int)Math.Min((long)k * stride, _count - 1);
        return (previous, Math.Min(previous + stride, _count - 1));
    }

    /// <summary>The frame boundary at step <paramref name="step"/>: warps the model, sets the flow loss; returns the stabilisation target (the next video frame).</summary>
    public Tensor Next(ImageModel model, int step)
    {
        using var scope = LibTorch.NewDisposeScope();
        var (n, next) = FramesAt(step);
        LastFrames = (n, next);
        var a = Frame(n);
        var b = Frame(next);
        using var flow = FlowWarp.Estimate(_raft, a, b, _iterations);
        var mask = FlowWarp.ConsistencyMask(flow);
        var evidence = FlowWarp.Evidence(a, b, flow, mask);
        LastEvidence = evidence;
        var resampling = Resampling.From(_doc.Values);
        var warped = LatentWarp.Apply(model, grid => FlowWarp.Warp(grid, flow.Backward, resampling));
        Loss.SetTarget(warped, mask);
        if (_doc.Values.ReencodeEachFrame || evidence.IsCut) model.EncodeImage(b);
        return b.MoveToOuterScope();
    }

    public void Dispose() => _raft.Dispose();
}
