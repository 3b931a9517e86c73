using Pytti.Engine.Animation;
using Pytti.Torch;
using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>The forward/backward consistency mask of reference 8.4 step 4 on hand-made flows.</summary>
public class FlowConsistencyMaskTests
{
    private const int H = 12, W = 16;

    /// <summary>A flow [1,2,H,W] with (dx, dy) per pixel.</summary>
    private static torch.Tensor Flow(Func<int, int, (float Dx, float Dy)> at)
    {
        var data = new float[2 * H * W];
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++)
            {
                var (dx, dy) = at(x, y);
                data[y * W + x] = dx;
                data[H * W + y * W + x] = dy;
            }
        return torch.tensor(data, [1, 2, H, W]);
    }

    private static float[] Mask(Func<int, int, (float, float)> forward, Func<int, int, (float, float)> backward)
    {
        using var scope = torch.NewDisposeScope();
        using var flow = new FramePairFlow(Flow(forward), Flow(backward));
        return FlowWarp.ConsistencyMask(flow).Floats();
    }

    private static float At(float[] mask, int x, int y) => mask[y * W + x];

    [Fact]
    public void A_uniform_pan_is_reliable_inside_and_not_where_the_backward_flow_leaves_the_frame()
    {
        // next[p] = previous[p + (-2, 0)]: pixels in the two left columns come from outside the frame.
        var mask = Mask((_, _) => (2, 0), (_, _) => (-2, 0));
        Assert.All(mask, v => Assert.InRange(v, 0f, 1f));
        for (var y = 1; y < H - 2; y++)
        {
            Assert.Equal(0f, At(mask, 0, y), 6);
            Assert.Equal(1f, At(mask, W / 2, y), 6);
            Assert.True(At(mask, 2, y) < 1f, "the blur spreads the border's 0 to its neighbour");
        }
        // As in the reference, the bottom row counts as leaving the frame too: its bilinear sample needs row y + 1.
        Assert.True(At(mask, W / 2, H - 1) < 0.5f);
    }

    [Fact]
    public void A_motion_edge_is_unreliable_and_smooth_motion_away_from_it_is_reliable()
    {
        // Left half still, right half moving down 3 px (consistent both ways): the step between them is a motion edge.
        (float, float) Backward(int x, int y) => x < W / 2 ? (0, 0) : (0, y >= 3 ? -3 : 0);
        (float, float) Forward(int x, int y) => x < W / 2 ? (0, 0) : (0, y < H - 3 ? 3 : 0);
        var mask = Mask(Forward, Backward);
        for (var y = 4; y < H - 4; y++)
        {
            Assert.True(At(mask, W / 2, y) < 0.5f, $"edge at ({W / 2},{y}): {At(mask, W / 2, y)}");
            Assert.Equal(1f, At(mask, 2, y), 6);
        }
    }

    [Fact]
    public void A_miss_is_zero_and_darkens_its_neighbours()
    {
        // Still everywhere, except that one pixel's backward flow points 4 px away while the forward flow does not come back.
        (float, float) Backward(int x, int y) => (x, y) == (8, 6) ? (4, 0) : (0, 0);
        var mask = Mask((_, _) => (0, 0), Backward);
        Assert.Equal(0f, At(mask, 8, 6));
        Assert.True(At(mask, 9, 6) < 1f && At(mask, 8, 5) < 1f, "a miss counts −1 before the blur");
        Assert.Equal(1f, At(mask, 2, 2), 6);
    }
}
