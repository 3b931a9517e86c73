using Pytti.Models.Flow;
using Pytti.Torch;
using Pytti.Torch.Ops;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Engine.Animation;

/// <summary>The flows between two video frames, at the frames' resolution, in pixels ([1,2,H,W], (dx, dy)).</summary>
/// <param name="Forward">previous → next: <c>previous[p] ≈ next[p + Forward(p)]</c>.</param>
/// <param name="Backward">next → previous: <c>next[p] ≈ previous[p + Backward(p)]</c>.</param>
public sealed record FramePairFlow(torch.Tensor Forward, torch.Tensor Backward) : IDisposable
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
    public static (torch.Tensor Previous, torch.Tensor Next) Pin(torch.Tensor previous, torch.Tensor next, torch.Tensor mask, torch.Generator generator)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var resized = Interpolate.Bilinear(mask.to(previous.dtype, previous.device), [previous.size(2), previous.size(3)]);
        var background = (-resized).add(1.0);                                          // 1 − mask as −mask + 1, the engine's scalar − tensor
        var noise = torch.randn(previous.shape, torch.float32, torch.CPU, generator: generator).to(previous.dtype, previous.device) * PinNoise * background;
        return ((previous + noise).MoveToOuterDisposeScope(), (next + noise).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Ruder et al.'s long-term weighting of consistency masks ordered from the shortest range: the first is kept,
    /// each later one counts only where no shorter one already did, <c>clamp(mask_j − Σ_{l&lt;j} mask_l, 0, 1)</c>.
    /// The reference meant this but wrote it into the flow noise's background mask (quirk 19). New tensors.
    /// </summary>
    public static List<torch.Tensor> LongTermMasks(IReadOnlyList<torch.Tensor> masks)
    {
        using var noGrad = torch.no_grad();
        var result = new List<torch.Tensor>(masks.Count);
        if (masks.Count == 0) return result;
        using var scope = torch.NewDisposeScope();
        var covered = masks[0];
        result.Add(masks[0].clone().MoveToOuterDisposeScope());
        foreach (var mask in masks.Skip(1))
        {
            result.Add((mask - covered).clamp(0.0, 1.0).MoveToOuterDisposeScope());
            covered = covered + mask;
        }
        return result;
    }

    /// <summary>Forward and backward flow between <paramref name="previous"/> and <paramref name="next"/> ([1,3,H,W] in [0,1]).</summary>
    public static FramePairFlow Estimate(FlowModel raft, torch.Tensor previous, torch.Tensor next, int iterations)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        long h = previous.size(2), w = previous.size(3);
        var scale = Math.Max(1.0, MinimumFlowSide / (double)Math.Min(h, w));
        torch.Tensor a = previous, b = next;
        if (scale > 1.0)
        {
            long[] size = [(long)Math.Ceiling(h * scale), (long)Math.Ceiling(w * scale)];
            a = Interpolate.Bilinear(previous, size);
            b = Interpolate.Bilinear(next, size);
        }
        using var estimate = raft.Estimate(torch.cat([a, b], 0), torch.cat([b, a], 0), iterations);
        var both = Resize(estimate.Flow, h, w);                                          // [2,2,H,W]
        return new FramePairFlow(both.narrow(0, 0, 1).contiguous().MoveToOuterDisposeScope(), both.narrow(0, 1, 1).contiguous().MoveToOuterDisposeScope());
    }

    /// <summary>A flow [N,2,h,w] in pixels resized to <paramref name="height"/>×<paramref name="width"/>, its vectors scaled with it.</summary>
    public static torch.Tensor Resize(torch.Tensor flow, long height, long width)
    {
        long h = flow.size(2), w = flow.size(3);
        if (h == height && w == width) return flow.clone();
        using var scope = torch.NewDisposeScope();
        var resized = Interpolate.Bilinear(flow, [height, width]);
        var factor = torch.tensor(new[] { (float)width / w, (float)height / h }, [1, 2, 1, 1]).to(flow.dtype, flow.device);
        return (resized * factor).MoveToOuterDisposeScope();
    }

    /// <summary>Pixel coordinates (x, y) of a h×w grid: [1,2,h,w].</summary>
    private static torch.Tensor Coordinates(long h, long w, torch.Device device)
    {
        var x = torch.arange(w, torch.float32, device).view(1, 1, 1, w).expand(1, 1, h, w);
        var y = torch.arange(h, torch.float32, device).view(1, 1, h, 1).expand(1, 1, h, w);
        return torch.cat([x, y], 1);
    }

    /// <summary>Sampling grid [1,h,w,2] (align-corners normalised) at p + flow(p), flow [1,2,h,w] in pixels.</summary>
    public static torch.Tensor Grid(torch.Tensor flow)
    {
        using var scope = torch.NewDisposeScope();
        long h = flow.size(2), w = flow.size(3);
        var p = Coordinates(h, w, flow.device) + flow;
        var norm = torch.tensor(new[] { 2f / Math.Max(w - 1, 1), 2f / Math.Max(h - 1, 1) }, [1, 2, 1, 1]).to(flow.device);
        return (p * norm - 1.0).permute(0, 2, 3, 1).contiguous().MoveToOuterDisposeScope();   // [1,2,h,w] -> [1,h,w,2]
    }

    /// <summary>
    /// <paramref name="image"/> [1,C,h,w] (any resolution: a latent grid or an image) moved into the next frame's
    /// position: <c>out(p) = image(p + Backward(p))</c>, the backward flow resized to the image.
    /// </summary>
    public static torch.Tensor Warp(torch.Tensor image, torch.Tensor backward, Resampling resampling)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var flow = Resize(backward.to(torch.float32, image.device), image.size(2), image.size(3));
        var grid = Grid(flow).to_type(image.dtype);
        return resampling.Apply(image, grid).MoveToOuterDisposeScope();
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
    public static torch.Tensor ConsistencyMask(FramePairFlow flow)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var bwd = flow.Backward;
        long h = bwd.size(2), w = bwd.size(3);
        var p0 = Coordinates(h, w, bwd.device) + bwd;
        var v0 = GridSampling.GridSample(flow.Forward, Grid(bwd), GridSampleMode.Bilinear, torch.GridSamplePaddingMode.Zeros, alignCorners: true);
        var bwdSquared = Squares.Sum(bwd, 1);
        var roundTrip = Squares.Sum(bwd + v0, 1);                                     // |p1b − p|²
        var missed = (roundTrip - (0.01 * (bwdSquared + Squares.Sum(v0, 1)) + 0.5)).ge(0.0);
        var edge = (MotionEdges(bwd) - (0.01 * bwdSquared + 0.002)).ge(0.0);
        var x0 = p0.narrow(1, 0, 1).floor();
        var y0 = p0.narrow(1, 1, 1).floor();
        var outside = x0.lt(0.0).logical_or(y0.lt(0.0)).logical_or((x0 + 1.0).gt(w - 1.0)).logical_or((y0 + 1.0).gt(h - 1.0));
        var reliable = torch.ones_like(bwdSquared).masked_fill(edge, 0.0).masked_fill(missed, -1.0).masked_fill(outside, 0.0);
        return Blur(reliable).clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }

    /// <summary><c>2·(gx² + gy²)</c> with <c>g = Σ_c ∂F_c</c> by central differences <c>(F(x+1) − F(x−1))/2</c>: [1,1,H,W].</summary>
    private static torch.Tensor MotionEdges(torch.Tensor flow)
    {
        using var scope = torch.NewDisposeScope();
        var summed = flow.sum([1], keepdim: true);                                   // Σ over the two flow channels
        var padded = F.pad(summed, [1, 1, 1, 1], PaddingModes.Replicate, 0);
        long h = flow.size(2), w = flow.size(3);
        var gx = (padded.narrow(2, 1, h).narrow(3, 2, w) - padded.narrow(2, 1, h).narrow(3, 0, w)) * 0.5;
        var gy = (padded.narrow(2, 2, h).narrow(3, 1, w) - padded.narrow(2, 0, h).narrow(3, 1, w)) * 0.5;
        return ((Squares.Of(gx) + Squares.Of(gy)) * 2.0).MoveToOuterDisposeScope();
    }

    /// <summary>A 3×3 Gaussian blur (σ <see cref="MaskBlurSigma"/>, normalised) of a [1,1,H,W] map, edges reflected.</summary>
    private static torch.Tensor Blur(torch.Tensor map)
    {
        using var scope = torch.NewDisposeScope();
        var g = new[] { -1, 0, 1 }.Select(i => Math.Exp(-i * i / (2 * MaskBlurSigma * MaskBlurSigma))).ToArray();
        var sum = g.Sum();
        var kernel = g.SelectMany(a => g.Select(b => (float)(a * b / (sum * sum)))).ToArray();
        var weight = torch.tensor(kernel, [1, 1, 3, 3]).to(map.dtype, map.device);
        var mode = map.size(2) > 1 && map.size(3) > 1 ? PaddingModes.Reflect : PaddingModes.Replicate;
        var padded = F.pad(map, [1, 1, 1, 1], mode, 0);
        return F.conv2d(padded, weight, null, [1, 1], [0, 0], [1, 1], 1).MoveToOuterDisposeScope();
    }

    /// <summary>How a frame pair looks: the consistent fraction and the photometric error after the warp, and whether that makes a cut.</summary>
    public sealed record CutEvidence(double ConsistentFraction, double PhotometricError)
    {
        public bool IsCut => ConsistentFraction < ConsistentFractionCut || PhotometricError > PhotometricCut;
    }

    /// <summary>The cut statistics of a frame pair ([1,3,H,W] in [0,1]) with its flows and consistency mask.</summary>
    public static CutEvidence Evidence(torch.Tensor previous, torch.Tensor next, FramePairFlow flow, torch.Tensor mask)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var warped = Warp(previous, flow.Backward, new Resampling(GridSampleMode.Bilinear, InfillMode.Smear));
        return new CutEvidence(mask.mean().ToDouble(), (warped - next).abs().mean().ToDouble());
    }
}
