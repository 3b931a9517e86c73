using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// Single-head spatial self-attention with a residual: every position attends to every other,
/// queries, keys and values from 1×1 convolutions of the normalised input.
/// </summary>
public sealed class AttnBlock : nn.Module<Tensor, Tensor>
{
    private readonly GroupNorm norm;
    private readonly Conv2d q;
    private readonly Conv2d k;
    private readonly Conv2d v;
    private readonly Conv2d proj_out;

    public AttnBlock(long channels) : base(nameof(AttnBlock))
    {
        norm = VqganLayers.Normalize(channels);
        q = nn.Conv2d(channels, channels, 1);
        k = nn.Conv2d(channels, channels, 1);
        v = nn.Conv2d(channels, channels, 1);
        proj_out = nn.Conv2d(channels, channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var normed = norm.forward(x);
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var query = q.forward(normed).reshape(b, c, h * w).permute(0, 2, 1);   // [B,C,H,W] -> [B,HW,C]
        var key = k.forward(normed).reshape(b, c, h * w);                      // [B,C,H,W] -> [B,C,HW]
        var weights = bmm(query, key) * Math.Pow(c, -0.5);                     // [B,HW(query),HW(key)]
        weights = nn.functional.softmax(weights, 2);
        var value = v.forward(normed).reshape(b, c, h * w);                    // [B,C,H,W] -> [B,C,HW]
        var attended = bmm(value, weights.permute(0, 2, 1));                   // [B,C,HW(key)] @ [B,HW(key),HW(query)] -> [B,C,HW]
        var output = proj_out.forward(attended.reshape(b, c, h, w));           // [B,C,HW] -> [B,C,H,W]
        return (x + output).MoveToOuterDisposeScope();
    }
}
