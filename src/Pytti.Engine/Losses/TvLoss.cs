using Pytti.Engine.Animation;
using Pytti.Scenes.Expressions;
using TorchSharp;

namespace Pytti.Engine.Losses;

/// <summary>
/// L2 total variation (reference 6.3): the image padded by one replicated column and row, squared
/// differences to the right and below, mean over channels and pixels. <c>smoothing_weight</c> may be
/// negative ("deep fried").
/// </summary>
public sealed class TvLoss(CompiledExpression weight) : WeightedLoss("smoothing", weight, null)
{
    protected override torch.Tensor Raw(torch.Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.nn.functional.pad(image, [0, 1, 0, 1], PaddingModes.Replicate, 0);   // [1,3,H+1,W+1]
        var h = x.size(2) - 1;
        var w = x.size(3) - 1;
        var origin = x.narrow(2, 0, h).narrow(3, 0, w);
        var dx = x.narrow(2, 0, h).narrow(3, 1, w) - origin;
        var dy = x.narrow(2, 1, h).narrow(3, 0, w) - origin;
        return (Squares.Of(dx) + Squares.Of(dy)).mean().MoveToOuterDisposeScope();
    }
}
