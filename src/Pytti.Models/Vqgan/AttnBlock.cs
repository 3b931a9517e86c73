using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>
/// Single-head spatial self-attention with a residual: every position attends to every other,
/// queries, keys and values from 1×1 convolutions of the normalised input.
/// </summary>
public sealed class AttnBlock : Module
{
    public AttnBlock(int channels)
    {
        norm = RegisterModule("norm", VqganLayers.Normalize(channels));
        q = RegisterModule("q", new Conv2d(channels, channels, 1));
        k = RegisterModule("k", new Conv2d(channels, channels, 1));
        v = RegisterModule("v", new Conv2d(channels, channels, 1));
        proj_out = RegisterModule("proj_out", new Conv2d(channels, channels, 1));
    }

    public GroupNorm norm { get; }
    public Conv2d q { get; }
    public Conv2d k { get; }
    public Conv2d v { get; }
    public Conv2d proj_out { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var normed = norm.Forward(x);
        var shape = x.Shape;
        long b = shape[0], c = shape[1], h = shape[2], w = shape[3];
        var query = q.Forward(normed).Reshape(b, c, h * w).Permute(0, 2, 1);   // [B,C,H,W] -> [B,HW,C]
        var key = k.Forward(normed).Reshape(b, c, h * w);                      // [B,C,H,W] -> [B,C,HW]
        var weights = Functional.Bmm(query, key) * Math.Pow(c, -0.5);          // [B,HW(query),HW(key)]
        weights = Functional.Softmax(weights, 2);
        var value = v.Forward(normed).Reshape(b, c, h * w);                    // [B,C,H,W] -> [B,C,HW]
        var attended = Functional.Bmm(value, weights.Permute(0, 2, 1));        // [B,C,HW(key)] @ [B,HW(key),HW(query)] -> [B,C,HW]
        var output = proj_out.Forward(attended.Reshape(b, c, h, w));           // [B,C,HW] -> [B,C,H,W]
        return (x + output).MoveToOuterScope();
    }
}
