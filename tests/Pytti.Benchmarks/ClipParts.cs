using System.Globalization;
using Pytti.Engine.Cutouts;
using Pytti.Torch.Ops;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace Pytti.Benchmarks;

/// <summary>
/// Where one CLIP step's time goes (issue 3): each part of <see cref="ClipStep"/> timed alone at the step's shapes
/// (40 cutouts → 2000 tokens of width 768), forward and backward, median of 10 after one warm-up. The backward
/// column is (forward + backward) − forward. Per-layer parts run 12 times in a ViT-B/32 step.
/// </summary>
public static class ClipParts
{
    private const int Runs = 10;

    public static void Run()
    {
        torch.set_num_threads(Workloads.Threads);
        using var g = new torch.Generator(1);
        Console.WriteLine($"CLIP step parts at ViT-B/32 size, {Workloads.Threads} threads; medians of {Runs}, ms");
        Console.WriteLine($"{"part",-34} {"fwd",8} {"bwd",8} {"GFLOP/s fwd,bwd",16}");
        foreach (var (name, k, n) in new[] { ("linear c_fc 768->3072", 768L, 3072L), ("linear c_proj 3072->768", 3072L, 768L),
                     ("linear in_proj 768->2304", 768L, 2304L), ("linear out_proj 768->768", 768L, 768L) })
        {
            using var x = torch.randn([2000, k], generator: g).requires_grad_();
            using var w = torch.randn([n, k], generator: g);
            using var b = torch.randn([n], generator: g);
            Part(name, () => F.linear(x, w, b), x, 2.0 * 2000 * k * n);
        }
        using var h = torch.randn([2000, 3072], generator: g).requires_grad_();
        Part("QuickGELU [2000, 3072]", () => Swish.Apply(h, 1.702), h);
        Part("  as silu(1.702x)/1.702 (before)", () => F.silu(h * 1.702) * (1 / 1.702), h);
        using var x768 = torch.randn([50, 40, 768], generator: g).requires_grad_();
        using var ln = torch.nn.LayerNorm(768);
        foreach (var p in ln.parameters()) p.requires_grad = false;
        Part("layer norm [50, 40, 768]", () => ln.forward(x768), x768);
        using var qkv = torch.randn([50, 40, 3 * 768], generator: g).requires_grad_();
        Part("attention core, 12 heads", () => Attention.SelfAttention(qkv, 12), qkv);   // what CLIP's attention runs
        Part("  unfused: Chunk + Attend", () =>
        {
            var c = qkv.chunk(3, -1);
            return Attention.Attend(c[0], c[1], c[2], 12);
        }, qkv);
        CutoutsPart(g);
    }

    private static void CutoutsPart(torch.Generator g)
    {
        using var image = torch.rand([1, 3, ClipStep.ImageSize, ClipStep.ImageSize], generator: g).requires_grad_();
        using var mean = torch.tensor(new[] { 0.48145466f, 0.4578275f, 0.40821073f }, [1, 3, 1, 1]);
        var sampler = new CutoutSampler(224, ClipStep.Cutouts, cutPow: 1, border: 0, BorderMode.Clamp, augment: false);
        Part("40 cutouts 224² from 512² (per step)", () =>
        {
            using var cg = new torch.Generator(2);
            var batch = sampler.Sample(image, cg);
            return batch.Pixels - mean;
        }, image);
    }

    private static void Part(string name, Func<torch.Tensor> forward, torch.Tensor leaf, double flop = 0)
    {
        var fwd = Milliseconds(() => { using var s = torch.NewDisposeScope(); forward(); });
        var both = Milliseconds(() =>
        {
            using var s = torch.NewDisposeScope();
            var y = forward();
            y.Backward(torch.ones_like(y));
            leaf.grad = null;
        });
        var bwd = both - fwd;
        var rate = flop > 0 ? $"{flop / fwd / 1e6:F0},{flop / bwd / 1e6:F0}" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {fwd,8:F2} {bwd,8:F2} {rate,16}"));
    }

    private static double Milliseconds(Action pass) => Timing.Median(Runs, pass) * 1e3;
}
