using static TorchSharp.torch;

namespace Pytti.Models.Flow;

/// <summary>RAFT's two ways from 1/8-resolution flow to full resolution; both scale the vectors by 8.</summary>
internal static class FlowUpsampling
{
    /// <summary>Upstream <c>upflow8</c> (RAFT-small): 8 · bilinear resize with aligned corners.</summary>
    public static Tensor Bilinear(Tensor flow)
    {
        using var resized = nn.functional.interpolate(flow, size: [8 * flow.shape[2], 8 * flow.shape[3]],
            mode: InterpolationMode.Bilinear, align_corners: true);
        return 8L * resized;
    }

    /// <summary>
    /// Upstream <c>upsample_flow</c> (RAFT-large): each output pixel of an 8x8 cell is a convex combination
    /// (softmax of <paramref name="mask"/> [N, 9·64, h, w]) of the 3x3 coarse neighbourhood of 8 · flow.
    /// </summary>
    public static Tensor Convex(Tensor flow, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var (n, h, w) = (flow.shape[0], flow.shape[2], flow.shape[3]);
        var weights = nn.functional.softmax(mask.view(n, 1, 9, 8, 8, h, w), 2);        // [N, 1, 9, 8, 8, h, w]
        var neighbours = nn.functional.unfold(8L * flow, (3, 3), (1, 1), (1, 1), (1, 1)); // [N, 2·9, h·w]
        neighbours = neighbours.view(n, 2, 9, 1, 1, h, w);                              // [N, 2, 9, 1, 1, h, w]
        var up = (weights * neighbours).sum(2);                                         // [N, 2, 8, 8, h, w]
        up = up.permute(0, 1, 4, 2, 5, 3);                                              // [N, 2, h, 8, w, 8]
        return up.reshape(n, 2, 8 * h, 8 * w).MoveToOuterDisposeScope();                // [N, 2, 8h, 8w]
    }
}
