using System.Globalization;
using Pytti.Engine.Cutouts;
using Pytti.Torch;
using Pytti.Torch.NN;

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
        LibTorch.NumThreads = Workloads.Threads;
        using var g = new Generator(1);
        Console.WriteLine($"CLIP step parts at ViT-B/32 size, {Workloads.Threads} threads; medians of {Runs}, ms");
        Console.WriteLine($"{"part",-34} {"fwd",8} {"bwd",8} {"GFLOP/s fwd,bwd",16}");
        foreach (var (name, k, n) in new[] { ("linear c_fc 768->3072", 768L, 3072L), ("linear c_proj 3072->768", 3072L, 768L),
                     ("linear in_proj 768->2304", 768L, 2304L), ("linear out_proj 768->768", 768L, 768L) })
        {
            using var x = Tensor.RandN([2000, k], g).RequiresGrad_();
            using var w = Tensor.RandN([n, k], g);
            using var b = Tensor.RandN([n], g);
            Part(name, () => Functional.Linear(x, w, b), x, 2.0 * 2000 * k * n);
        }
        using var h = Tensor.RandN([2000, 3072], g).RequiresGrad_();
        Part("QuickGELU [2000, 3072]", () => Functional.Swish(h, 1.702), h);
        Part("  as silu(1.702x)/1.702 (before)", () => Functional.Silu(h * 1.702) * (1 / 1.702), h);
        using var x768 = Tensor.RandN([50, 40, 768], g).RequiresGrad_();
        var ln = new LayerNorm(768);
        foreach (var p in ln.Parameters()) p.RequiresGrad = false;
        Part("layer norm [50, 40, 768]", () => ln.Forward(x768), x768);
        using var qkv = Tensor.RandN([50, 40, 3 * 768], g).RequiresGrad_();
        Part("attention core, 12 heads", () => Functional.SelfAttention(qkv, 12), qkv);   // what CLIP's attention runs
        Part("  unfused: Chunk + Attend", () =>
        {
            var c = qkv.Chunk(3, -1);
            return Tensor.Wrap(Pytti.Torch.Ops.Attention.Attend(c[0].Torch, c[1].Torch, c[2].Torch, 12));   // Wrapper boundary
        }, qkv);
        using var image = Tensor.Rand([1, 3, ClipStep.ImageSize, ClipStep.ImageSize], g).RequiresGrad_();
        using var mean = Tensor.From([0.48145466f, 0.4578275f, 0.40821073f], 1, 3, 1, 1);
        var sampler = new CutoutSampler(224, ClipStep.Cutouts, cutPow: 1, border: 0, BorderMode.Clamp, augment: false);
        Part("40 cutouts 224² from 512² (per step)", () =>
        {
            using var cg = new Generator(2);
            var batch = sampler.Sample(image.Torch, cg.Torch);
            using var pixels = Tensor.Wrap(batch.Pixels);
            return pixels - mean;
        }, image);
    }

    private static void Part(string name, Func<Tensor> forward, Tensor leaf, double flop = 0)
    {
        var fwd = Milliseconds(() => { using var s = LibTorch.NewDisposeScope(); forward(); });
        var both = Milliseconds(() =>
        {
            using var s = LibTorch.NewDisposeScope();
            var y = forward();
            y.Backward(y.OnesLike());
            leaf.ClearGrad();
        });
        var bwd = both - fwd;
        var rate = flop > 0 ? $"{flop / fwd / 1e6:F0},{flop / bwd / 1e6:F0}" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {fwd,8:F2} {bwd,8:F2} {rate,16}"));
    }

    private static double Milliseconds(Action pass) => Timing.Median(Runs, pass) * 1e3;
}
