using Pytti.Models.Flow;
using Pytti.Torch;

namespace Pytti.Engine.Animation;

/// <summary>The flows between two video frames, at the frames' resolution, in pixels ([1,2,H,W], (dx, dy)).</summary>
/// <param name="Forward">previous → next: <c>previous[p] ≈ next[p + Forward(p)]</c>.</param>
/// <param name="Backward">next → previous: <c>next[p] ≈ previous[p + Backward(p)]</c>.</param>
public sealed record FramePairFlow(Tensor Forward, Tensor Backward) : IDisposable
{
    public void Dispose()
    {
        Forward.Dispose();
        Backward.Dispose();
    }
}

/// <summary>
/// Optical flow for Video Source (reference 8.4 <c>set_flow</c>), with RAFT in place of GMA:
/// forward and backward flow between two frames, the backward warp of an image into the next frame's
/// position, the forward/backward consistency mask, and cut detection.
/// Choices that differ from the reference (its GMA call is buggy, 8.4 step 2):
/// RAFT gets inputs in [0, 1] as it expects; frames smaller than <see cref="MinimumFlowSide"/> are
/// upscaled (bilinear) for the flow and the flow scaled back; the warp grid uses align-corners
/// normalisation <c>2x/(W−1) − 1</c> (the reference divides by W/2, a sub-pixel drift). The consistency
/// mask is the reference's (missed, motion-edge and overshoot tests, blurred), see <see cref="ConsistencyMask"/>.
/// Also here: the background pinning noise of a masked flow weight (<see cref="Pin"/>) and Ruder et al.'s
/// long-term mask weighting (<see cref="LongTermMasks"/>).
/// </summary>
public static class FlowWarp
{
    /// <summary>RAFT refuses images under 121 px; frames under this size are upscaled to it for the flow.</summary>
    public const int MinimumFlowSide = 128;

    /// <summary>The reference's cut threshold: fewer consistent pixels than this fraction is a cut.</summary>
    public const double ConsistentFractionCut = 0.03;

    /// <summary>
    /// Added cut rule: the mean absolute difference (RGB in [0, 1]) between the next frame and the previous
    /// frame warped by the flow, above which the pair is a cut. RAFT between unrelated images often
    /// returns small, mutually consistent flows, which the reference's rule alone misses.
    /// </summary>
    public const double PhotometricCut = 0.12;

    /// <summary>The standard deviation of the noise that pins a masked flow weight's background (reference 8.4 set_flow step 1).</summary>
    public const double PinNoise = 0.05;

    /// <summary>
    /// Both frames ([1,3,H,W]) plus the same Gaussian noise (σ <see cref="PinNoise"/>, drawn from
    /// <paramref name="generator"/>) times <c>1 − mask</c>, the mask [1,1,h,w] resized bilinearly: identical noise
    /// in both frames makes the flow there zero, so the background stays put (reference 8.4 set_flow step 1).
    /// With RAFT this noise holds a faint background (sky, haze) still; a strongly textured one keeps most of its motion.
    /// </summary>
    public static (Tensor Previous, Tensor Next) Pin(Tensor previous, Tensor next, Tensor mask, Generator generator)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var background = 1.0 - Functional.Interpolate(mask.To(previous.Device, previous.DType), [previous.Size(2), previous.Size(3)],
            mode: InterpolateMode.Bilinear, alignCorners: false);
        var noise = Tensor.RandN(previous.Shape, generator).To(previous.Device, previous.DType) * PinNoise * background;
        return ((previous + noise).MoveToOuterScope(), (next + noise).MoveToOuterScope());
    }

    /// <summary>
    /// Ruder et al.'s long-term weighting of consistency masks ordered from the shortest range: the first is kept,
    /// each later one counts only where no shorter one already did, <c>clamp(mask_j − Σ_{l&lt;j} mask_l, 0, 1)</c>.
    /// The reference meant this but wrote it into the flow noise's background mask (quirk 19). New tensors.
    /// </summary>
    public static List<Tensor> LongTermMasks(IReadOnlyList<Tensor> masks)
    {
        using var noGrad = LibTorch.NoGrad();
        var result = new List<Tensor>(masks.Count);
        if (masks.Count == 0) return result;
        using var scope = LibTorch.NewDisposeScope();
        var covered = masks[0];
        result.Add(masks[0].Clone().MoveToOuterScope());
        foreach (var mask in masks.Skip(1))
        {
            result.Add((mask - covered).Clamp(0.0, 1.0).MoveToOuterScope());
            covered = covered + mask;
        }
        return result;
    }

    /// <summary>Forward and backward flow between <paramref name="previous"/> and <paramref name="next"/> ([1,3,H,W] in [0,1]).</summary>
    public static FramePairFlow Estimate(FlowModel raft, Tensor previous, Tensor next, int iterations)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        long h = previous.Size(2), w = previous.Size(3);
        var scale = Math.Max(1.0, MinimumFlowSide / (double)Math.Min(h, w));
        Tensor a = previous, b = next;
        long fh = h, fw = w;
        if (scale > 1.0)
        {
            (fh, fw) = ((long)Math.Ceiling(h * scale), (long)Math.Ceiling(w * scale));
            a = Functional.Interpolate(previous, [fh, fw], mode: InterpolateMode.Bilinear, alignCorners: false);
            b = Functional.Interpolate(next, [fh, fw], mode: InterpolateMode.Bilinear, alignCorners: false);
        }
        var both = Resize(RaftFlow(raft, Tensor.Cat([a, b], 0), Tensor.Cat([b, a], 0), iterations), h, w);   // [2,2,H,W]
        return new FramePairFlow(both.Narrow(0, 0, 1).Contiguous().MoveToOuterScope(), both.Narrow(0, 1, 1).Contiguous().MoveToOuterScope());
    }

    /// <summary>RAFT's full-resolution flow from <paramref name="image1"/> to <paramref name="image2"/>, owned by the current scope.</summary>
    // Wrapper boundary: RAFT's torch.Tensor entry, for the frames and flows that are still Pytti tensors here.
    private static Tensor RaftFlow(FlowModel raft, Tensor image1, Tensor image2, int iterations)
    {
        using var estimate = raft.Estimate(image1.Torch, image2.Torch, iterations);
        return Tensor.Wrap(estimate.Flow.alias());
    }

    /// <summary>A flow [N,2,h,w] in pixels resized to <paramref name="height"/>×<paramref name="width"/>, its vectors scaled with it.</summary>
    public static Tensor Resize(Tensor flow, long height, long width)
    {
        long h = flow.Size(2), w = flow.Size(3);
        if (h == height && w == width) return flow.Clone();
        using var scope = LibTorch.NewDisposeScope();
        var resized = Functional.Interpolate(flow, [height, width], mode: InterpolateMode.Bilinear, alignCorners: false);
        var factor = Tensor.From(new[] { (float)width / w, (float)height / h }, 1, 2, 1, 1).To(flow.Device, flow.DType);
        return (resized * factor).MoveToOuterScope();
    }

    /// <summary>Pixel coordinates (x, y) of a h×w grid: [1,2,h,w].</summary>
    private static Tensor Coordinates(long h, long w, Device device)
    {
        var x = Tensor.Arange(w, DType.Float32, device).View(1, 1, 1, w).Expand(1, 1, h, w);
        var y = Tensor.Arange(h, DType.Float32, device).View(1, 1, h, 1).Expand(1, 1, h, w);
        return Tensor.Cat([x, y], 1);
    }

    /// <summary>Sampling grid [1,h,w,2] (align-corners normalised) at p + flow(p), flow [1,2,h,w] in pixels.</summary>
    public static Tensor Grid(Tensor flow)
    {
        using var scope = LibTorch.NewDisposeScope();
        long h = flow.Size(2), w = flow.Size(3);
        var p = Coordinates(h, w, flow.Device) + flow;
        var norm = Tensor.From(new[] { 2f / Math.Max(w - 1, 1), 2f / Math.Max(h - 1, 1) }, 1, 2, 1, 1).To(flow.Device);
        return (p * norm - 1.0).Permute(0, 2, 3, 1).Contiguous().MoveToOuterScope();
    }

    /// <summary>
    /// <paramref name="image"/> [1,C,h,w] (any resolution: a latent grid or an image) moved into the next frame's
    /// position: <c>out(p) = image(p + Backward(p))</c>, the backward flow resized to the image.
    /// </summary>
    public static Tensor Warp(Tensor image, Tensor backward, Resampling resampling)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var flow = Resize(backward.To(image.Device, DType.Float32), image.Size(2), image.Size(3));
        var grid = Grid(flow).To(image.DType);
        return resampling.Apply(image, grid).MoveToOuterScope();
    }

    /// <summary>The Gaussian blur that softens the consistency mask (reference 8.4 step 4): 3×3, σ 0.8.</summary>
    public const double MaskBlurSigma = 0.8;

    /// <summary>
    /// Ruder et al.'s consistency mask (reference 8.4 step 4), [1,1,H,W] in [0, 1]. Reliability starts at 1;
    /// motion edges of the backward flow (<c>2·(gx² + gy²) ≥ 0.01·|b|² + 0.002</c>, g the central differences
    /// summed over both flow channels) set it to 0; pixels where following the backward flow and then the forward
    /// flow misses the start (<c>|b + f(p + b)|² ≥ 0.01·(|b|² + |f|²) + 0.5</c> px²) to −1; pixels whose backward
    /// flow leaves the frame to 0. Then a 3×3 Gaussian blur (σ 0.8), so that a miss also darkens its neighbours,
    /// and a clip to [0, 1]. The flow's edges are replicated for the differences and reflected for the blur.
    /// As in the reference, a pixel counts as leaving the frame when <c>floor(p + b) + 1</c> passes the last
    /// column or row (its bilinear sample's far neighbour), so the bottom row and right column of a still
    /// image are unreliable.
    /// </summary>
    public static Tensor ConsistencyMask(FramePairFlow flow)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var bwd = flow.Backward;
        long h = bwd.Size(2), w = bwd.Size(3);
        var p0 = Coordinates(h, w, bwd.Device) + bwd;
        var v0 = Functional.GridSample(flow.Forward, Grid(bwd), GridSampleMode.Bilinear, GridPaddingMode.Zeros, alignCorners: true);
        var bwdSquared = bwd.Square().Sum(1, keepDim: true);
        var roundTrip = (bwd + v0).Square().Sum(1, keepDim: true);                  // |p1b − p|²
        var missed = (roundTrip - (0.01 * (bwdSquared + v0.Square().Sum(1, keepDim: true)) + 0.5)).Ge(0.0);
        var edge = (MotionEdges(bwd) - (0.01 * bwdSquared + 0.002)).Ge(0.0);
        var x0 = p0.Narrow(1, 0, 1).Floor();
        var y0 = p0.Narrow(1, 1, 1).Floor();
        var outside = x0.Lt(0.0).LogicalOr(y0.Lt(0.0)).LogicalOr((x0 + 1.0).Gt(w - 1.0)).LogicalOr((y0 + 1.0).Gt(h - 1.0));
        var reliable = bwdSquared.OnesLike().MaskedFill(edge, 0.0).MaskedFill(missed, -1.0).MaskedFill(outside, 0.0);
        return Blur(reliable).Clamp(0.0, 1.0).MoveToOuterScope();
    }

    /// <summary><c>2·(gx² + gy²)</c> with <c>g = Σ_c ∂F_c</c> by central differences <c>(F(x+1) − F(x−1))/2</c>: [1,1,H,W].</summary>
    private static Tensor MotionEdges(Tensor flow)
    {
        using var scope = LibTorch.NewDisposeScope();
        var summed = flow.Sum(1, keepDim: true);                                     // Σ over the two flow channels
        var padded = Functional.Pad(summed, [1, 1, 1, 1], PadMode.Replicate);
        long h = flow.Size(2), w = flow.Size(3);
        var gx = (padded.Narrow(2, 1, h).Narrow(3, 2, w) - padded.Narrow(2, 1, h).Narrow(3, 0, w)) * 0.5;
        var gy = (padded.Narrow(2, 2, h).Narrow(3, 1, w) - padded.Narrow(2, 0, h).Narrow(3, 1, w)) * 0.5;
        return ((gx.Square() + gy.Square()) * 2.0).MoveToOuterScope();
    }

    /// <summary>A 3×3 Gaussian blur (σ <see cref="MaskBlurSigma"/>, normalised) of a [1,1,H,W] map, edges reflected.</summary>
    private static Tensor Blur(Tensor map)
    {
        using var scope = LibTorch.NewDisposeScope();
        var g = new[] { -1, 0, 1 }.Select(i => Math.Exp(-i * i / (2 * MaskBlurSigma * MaskBlurSigma))).ToArray();
        var sum = g.Sum();
        var kernel = g.SelectMany(a => g.Select(b => (float)(a * b / (sum * sum)))).ToArray();
        var weight = Tensor.From(kernel, 1, 1, 3, 3).To(map.Device, map.DType);
        var padded = map.Size(2) > 1 && map.Size(3) > 1 ? Functional.Pad(map, [1, 1, 1, 1], PadMode.Reflect) : Functional.Pad(map, [1, 1, 1, 1], PadMode.Replicate);
        return Functional.Conv2d(padded, weight).MoveToOuterScope();
    }

    /// <summary>How a frame pair looks: the consistent fraction and the photometric error after the warp, and whether that makes a cut.</summary>
    public sealed record CutEvidence(double ConsistentFraction, double PhotometricError)
    {
        public bool IsCut => ConsistentFraction < ConsistentFractionCut || PhotometricError > PhotometricCut;
    }

    /// <summary>The cut statistics of a frame pair ([1,3,H,W] in [0,1]) with its flows and consistency mask.</summary>
    public static CutEvidence Evidence(Tensor previous, Tensor next, FramePairFlow flow, Tensor mask)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var warped = Warp(previous, flow.Backward, new Resampling(GridSampleMode.Bilinear, InfillMode.Smear));
        return new CutEvidence(mask.Mean().Item(), (warped - next).Abs().Mean().Item());
    }
}
