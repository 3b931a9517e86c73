using Pytti.Engine.ImageModels;
using Pytti.Engine.Losses;
using Pytti.Engine.Prompts;
using Pytti.Engine.Rendering;
using Pytti.Models.Flow;
using Pytti.Scenes;
using Pytti.Scenes.Expressions;
using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>
/// <c>animation_mode: Video Source</c> (reference 8.4). At the frame boundary of step i, with
/// <c>k = (i − pre)//spf</c>: video frame <c>n = min(k·stride, L − 1)</c> and the next one
/// <c>min(n + stride, L − 1)</c>; RAFT flow between the two video frames; the image model is warped
/// by the backward flow into the next frame's position (latent grid, or decode → warp → re-encode);
/// the flow loss "frame -1" aims at the warped image, masked by the consistency mask; with
/// <c>reencode_each_frame</c>, or on a cut, the next video frame is encoded into the model.
/// Long-term samples j = 1..<c>flow_long_term_samples</c>: the flow from video frame <c>n − (2^j − 1)·stride</c> to the
/// next one warps the output the model held <c>2^j − 1</c> boundaries earlier (kept in a <see cref="FlowHistory"/>,
/// part of the engine state, where the reference reads backup files) into the next frame's position: the target of
/// loss "frame -2^j". A mask on <c>flow_stabilization_weight</c> pins the background: both frames of every flow get the
/// same noise outside the mask (<see cref="FlowWarp.Pin"/>, drawn from the render's generator).
/// The stabilisation losses aim at the next video frame (8.2).
/// Differences from the reference: RAFT instead of GMA (inputs in [0, 1] as RAFT expects), flow computed at the first boundary as well (the
/// reference skips it while <c>i // save_every &lt; 1</c>), and a photometric cut rule beside the
/// reference's (see <see cref="FlowWarp.PhotometricCut"/>). For the long-term samples: the loss masks follow Ruder et
/// al.'s long-term weighting (<see cref="FlowWarp.LongTermMasks"/>), which the reference meant but wrote into the
/// noise mask instead (quirk 19), and the noise mask stays <c>1 − mask</c> for every sample; a long-term pair that
/// looks like a cut gets an all-zero mask (RAFT finds plausible flows between unrelated frames); the samples need no
/// backups (quirk 20); samples that can never reach back inside the video (<c>2^j &gt; L</c>) are not built, and none
/// are without a flow weight (they only feed losses); as in the reference, the image before the first boundary (the
/// init or pre-animation image) is no source, so "frame -2^j" starts at boundary <c>2^j</c>.
/// </summary>
public sealed class VideoSource : IDisposable
{
    private readonly SceneDocument _doc;
    private readonly Func<int, torch.Tensor> _frames;
    private readonly int _count;
    private readonly FlowModel _raft;
    private readonly int _iterations;
    private readonly long _width;
    private readonly long _height;
    private readonly StabilizationMask? _pin;
    private readonly FlowHistory _history;

    /// <param name="frames">Video frame n as [1,3,h,w] in [0,1] (the caller's size; resized here); the engine disposes it.</param>
    /// <param name="pin">The mask of <c>flow_stabilization_weight</c>, if it has one that applies (image or video).</param>
    public VideoSource(SceneDocument doc, Func<int, torch.Tensor> frames, int count, FlowModel raft, long width, long height, int iterations = 12,
        StabilizationMask? pin = null)
    {
        if (count < 1) throw new ArgumentException("The video has no frames.", nameof(count));
        (_doc, _frames, _count, _raft, _iterations, _width, _height, _pin) = (doc, frames, count, raft, iterations, width, height, pin);
        var flow = doc.Losses.FlowStabilization;
        var samples = flow is null ? 0 : LongTermSamples(doc.Values.FlowLongTermSamples, count);
        Losses = Enumerable.Range(0, samples + 1)
            .Select(j => new FlowLoss($"optical flow stabilization (frame -{1 << j})", flow?.Weight ?? CompiledExpression.Compile("0"), flow?.Stop))
            .ToList();
        _history = new FlowHistory((1 << samples) - 1);
    }

    /// <summary>The long-term samples that can reach back inside a video of <paramref name="count"/> frames: j ≤ <paramref name="requested"/> with 2^j ≤ count.</summary>
    private static int LongTermSamples(long requested, int count)
    {
        var samples = 0;
        while (samples < requested && 2L << samples <= count) samples++;
        return samples;
    }

    /// <summary>The Video Source of a scene (null for other animation modes), at the model's output size.</summary>
    public static VideoSource? For(SceneDocument doc, RenderAssets assets, ImageModel model)
    {
        if (doc.Values.AnimationMode != "Video Source") return null;
        if (assets.VideoFrame is not { } frames || assets.VideoFrameCount < 1)
            throw new InvalidOperationException("animation_mode 'Video Source' needs the frames of video_path; the caller supplied none.");
        if (assets.LoadFlowModel is not { } load)
            throw new InvalidOperationException("animation_mode 'Video Source' needs a RAFT flow model, and the caller supplied none (RenderAssets.LoadFlowModel; the pipeline loads flow_model: raft-small or a RAFT checkpoint path).");
        long height, width;
        using (var output = model.DecodeForOutput()) (height, width) = (output.size(2), output.size(3));
        var pin = doc.Losses.FlowStabilization is { } flow ? StabilizationMask.For(flow.Mask, assets) : null;
        return new VideoSource(doc, frames, assets.VideoFrameCount, load(), width, height, assets.FlowIterations, pin);
    }

    /// <summary>The flow stabilisation losses "frame -1", "frame -2", "frame -4", … (weight <c>0</c> when <c>flow_stabilization_weight</c> is empty or 0; the caller disposes them).</summary>
    public IReadOnlyList<FlowLoss> Losses { get; }

    /// <summary>The short-term flow stabilisation loss, "frame -1".</summary>
    public FlowLoss Loss => Losses[0];

    /// <summary>The outputs the long-term samples read back.</summary>
    public FlowHistory History => _history;

    /// <summary>The last boundary's cut evidence (for tests and logs).</summary>
    public FlowWarp.CutEvidence? LastEvidence { get; private set; }

    /// <summary>The last boundary's video frame indices (previous, next).</summary>
    public (int Previous, int Next) LastFrames { get; private set; }

    /// <summary>Video frame <paramref name="index"/> (clamped to the last) at the output size, [1,3,H,W] in [0,1].</summary>
    public torch.Tensor Frame(int index)
    {
        using var scope = torch.NewDisposeScope();
        var raw = _frames(Math.Clamp(index, 0, _count - 1));
        var frame = raw.size(2) == _height && raw.size(3) == _width
            ? raw.clone()
            : Imaging.Lanczos.Resize(raw, _height, _width);   // PIL's LANCZOS, as the reference resizes video frames
        raw.Dispose();
        return frame.MoveToOuterDisposeScope();
    }

    /// <summary>The index k of the frame boundary at step <paramref name="step"/>: <c>(i − pre)//spf</c>.</summary>
    private long BoundaryAt(long step)
    {
        var v = _doc.Values;
        return Math.Max(0, step - v.PreAnimationSteps) / Math.Max(1, v.StepsPerFrame);
    }

    private long Stride => Math.Max(1, _doc.Values.FrameStride);

    /// <summary>The video frame indices the boundary at step <paramref name="step"/> moves between.</summary>
    public (int Previous, int Next) FramesAt(long step)
    {
        var previous = (int)Int128.Min((Int128)BoundaryAt(step) * Stride, _count - 1);   // 64-bit counts: the product may pass 2^63
        return (previous, (int)Int128.Min((Int128)previous + Stride, _count - 1));
    }

    /// <summary>
    /// The frame boundary at step <paramref name="step"/>: warps the model, sets the flow losses; returns the
    /// stabilisation target (the next video frame). <paramref name="generator"/> draws the pinning noise of a masked flow weight.
    /// </summary>
    public torch.Tensor Next(ImageModel model, long step, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var (n, next) = FramesAt(step);
        var boundary = checked((int)BoundaryAt(step));   // renders are kept below 2^31 boundaries (PlanLimits)
        LastFrames = (n, next);
        var b = Frame(next);
        var output = boundary >= 1 && _history.Capacity > 0 ? model.DecodeForOutput() : null;   // a later boundary's long-term source
        var targets = new List<torch.Tensor>();
        var masks = new List<torch.Tensor>();
        var a = Frame(n);
        using var flow = Flow(a, b, generator);
        var mask = FlowWarp.ConsistencyMask(flow);
        var evidence = FlowWarp.Evidence(a, b, flow, mask);
        LastEvidence = evidence;
        targets.Add(LatentWarp.Apply(model, grid => FlowWarp.Warp(grid, flow.Backward, Resampling.From(_doc.Values))));
        masks.Add(mask);
        if (_doc.Values.ReencodeEachFrame || evidence.IsCut) Reencode(model, b, evidence.IsCut);
        AddLongTerm(n, boundary, b, generator, targets, masks);
        var weights = FlowWarp.LongTermMasks(masks);
        for (var j = 0; j < targets.Count; j++) Losses[j].SetTarget(targets[j], weights[j]);
        if (output is not null) _history.Add(boundary, output);
        return b.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The next video frame into the model (reference 8.4): a Limited Palette that continues the shot takes only its
    /// brightness and keeps its palette, so colours stay steady from frame to frame; a cut, or any other model, is a full encode.
    /// </summary>
    private static void Reencode(ImageModel model, torch.Tensor frame, bool cut)
    {
        if (model is LimitedPalette palette && !cut) palette.EncodeBrightness(frame);
        else model.EncodeImage(frame);
    }

    /// <summary>The long-term samples' targets and consistency masks, j = 1.. until one reaches before the video or the history.</summary>
    private void AddLongTerm(int n, int boundary, torch.Tensor next, torch.Generator generator, List<torch.Tensor> targets, List<torch.Tensor> masks)
    {
        for (var j = 1; j < Losses.Count; j++)
        {
            var back = (1 << j) - 1;
            var old = n - (Int128)back * Stride;   // in 128 bits: frame_stride is 64-bit; >= 0 below, so an int like n
            if (old < 0 || !_history.TryGet(boundary - back, out var source)) return;
            var a = Frame((int)old);
            using var flow = Flow(a, next, generator);
            var mask = FlowWarp.ConsistencyMask(flow);
            masks.Add(FlowWarp.Evidence(a, next, flow, mask).IsCut ? torch.zeros_like(mask) : mask);
            targets.Add(FlowWarp.Warp(source.to(next.dtype, next.device), flow.Backward, Resampling.From(_doc.Values)).clamp(0.0, 1.0));
        }
    }

    /// <summary>The flows between two video frames, their background pinned when the flow weight has a mask.</summary>
    private FramePairFlow Flow(torch.Tensor previous, torch.Tensor next, torch.Generator generator)
    {
        if (_pin is null) return FlowWarp.Estimate(_raft, previous, next, _iterations);
        var (a, b) = FlowWarp.Pin(previous, next, _pin.Tensor(previous), generator);
        return FlowWarp.Estimate(_raft, a, b, _iterations);
    }

    public void Dispose()
    {
        _raft.Dispose();
        _history.Dispose();
    }
}
