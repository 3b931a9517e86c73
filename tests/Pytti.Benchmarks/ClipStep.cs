using Pytti.Engine.Cutouts;
using Pytti.Models.Clip;
using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Benchmarks;

/// <summary>
/// One PyTTI step's CLIP work with a ViT-B/32-sized model (random weights; speed does not depend on
/// their values): 40 cutouts of 224×224 from a 512×512 image (box-averaged crops, no augmentation),
/// CLIP normalisation, image encoding, spherical distance to a text embedding, backward to the image.
/// Weights are frozen, as in PyTTI. <c>build/bench/pytorch_eager.py clip-step</c> runs the same.
/// </summary>
public static class ClipStep
{
    public const int Cutouts = 40, ImageSize = 512;

    public static ClipConfig VitB32 => new(EmbedDim: 512, ImageResolution: 224, VisionLayers: [12], VisionWidth: 768, VisionPatchSize: 32,
        ContextLength: 77, VocabSize: 49408, TransformerWidth: 512, TransformerHeads: 8, TransformerLayers: 12);

    /// <summary>Median seconds per step over <paramref name="runs"/> runs after one warm-up, and the loss (for a numerics check).</summary>
    public static (double Median, double Loss) Measure(int runs)
    {
        torch.set_num_threads(Workloads.Threads);
        torch.manual_seed(0);
        using var model = new ClipModel(VitB32);
        model.eval();
        foreach (var p in model.parameters()) p.requires_grad = false;
        using var g = new torch.Generator(1);
        using var image = torch.rand([1, 3, ImageSize, ImageSize], generator: g).requires_grad_();
        using var text = torch.randn([1, 512], generator: g);
        using var mean = torch.tensor(new[] { 0.48145466f, 0.4578275f, 0.40821073f }, [1, 3, 1, 1]);
        using var std = torch.tensor(new[] { 0.26862954f, 0.26130258f, 0.27577711f }, [1, 3, 1, 1]);
        var sampler = new CutoutSampler(224, Cutouts, cutPow: 1, border: 0, BorderMode.Clamp, augment: false);
        double Step()
        {
            using var scope = torch.NewDisposeScope();
            using var cg = new torch.Generator(2);
            var batch = sampler.Sample(image, cg);
            var normalized = (batch.Pixels - mean) / std;
            var features = model.EncodeImage(normalized);
            var loss = SphericalDistance.Compute(features, text).mean();
            loss.Backward();
            image.grad = null;
            return loss.ToDouble();
        }
        Step();
        var value = 0.0;
        var median = Timing.Median(runs, () => value = Step(), warmUp: false);   // warmed up above
        return (median, value);
    }
}
