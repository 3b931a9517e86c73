using Pytti.Scenes.Expressions;
using Pytti.Torch;

namespace Pytti.Engine.Losses;

/// <summary>
/// L2 total variation (reference 6.3): the image padded by one replicated column and row, squared
/// differences to the right and below, mean over channels and pixels. <c>smoothing_weight</c> may be
/// negative ("deep fried").
/// </summary>
public sealed class TvLoss(CompiledExpression weight) : WeightedLoss("smoothing", weight, null)
{
    protected override Tensor Raw(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var x = Functional.Pad(image, [0, 1, 0, 1], PadMode.Replicate);        // [1,3,H+1,W+1]
        var h = x.Size(2) - 1;
        var w = x.Size(3) - 1;
        var origin = x.Narrow(2, 0, h).Narrow(3, 0, w);
        var dx = x.Narrow(2, 0, h).Narrow(3, 1, w) - origin;
        var dy = x.Narrow(2, 1, h).Narrow(3, 0, w) - origin;
        return (dx.Square() + dy.Square()).Mean().MoveToOuterScope();
    }
}
