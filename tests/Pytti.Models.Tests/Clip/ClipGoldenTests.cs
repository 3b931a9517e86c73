using Pytti.Models.Clip;
using Pytti.Testing;
using Pytti.Torch;
using Pytti.Torch.NN;
using TorchSharp;

namespace Pytti.Models.Tests.Clip;

/// <summary>
/// Our CLIP against OpenAI's on the fixture models (../shared/fixtures/clip/README.md), from every
/// file format each model is provided in. Tolerances as the README advises: 1e-5 absolute for
/// features and logits; 1e-4 relative for the loss and for its gradient w.r.t. the images, the
/// gradient's relative to its largest magnitude (near-zero elements carry the rounding of the
/// large terms they sum, so an element-wise relative bound would measure noise).
/// </summary>
[Collection(LibTorchCollection.Name)]
public class ClipGoldenTests
{
    public static TheoryData<string, string> Checkpoints() => new()
    {
        { "tiny_vit_b.pt", "golden_vit.safetensors" },
        { "tiny_vit_b.safetensors", "golden_vit.safetensors" },
        { "tiny_rn.pt", "golden_rn.safetensors" },
        { "tiny_rn.safetensors", "golden_rn.safetensors" },
    };

    [Theory]
    [MemberData(nameof(Checkpoints))]
    public void Forward_and_backward_match_openai_clip(string checkpoint, string goldenFile)
    {
        var golden = Weights.LoadTorch(SharedFixtures.Path("fixtures", "clip", goldenFile));
        using var model = ClipLoader.Load(SharedFixtures.Path("fixtures", "clip", checkpoint));
        try
        {
            Assert.Equal(64, model.InputResolution);
            var baseline = TorchLiveTensors.Count();   // after the model: TorchSharp counts each Parameter ever made
            for (var run = 0; run < 2; run++)       // a second run must find nothing left over from the first
            {
                CheckForwardAndBackward(model, golden);
                Assert.Equal(baseline, TorchLiveTensors.Count());
            }
        }
        finally
        {
            golden.DisposeAll();
        }
    }

    private static void CheckForwardAndBackward(ClipModel model, IReadOnlyDictionary<string, torch.Tensor> golden)
    {
        using var scope = torch.NewDisposeScope();
        var images = golden["images"].clone().requires_grad_();
        var imageFeatures = model.EncodeImage(images);
        var textFeatures = model.EncodeText(golden["text_tokens"]);
        Close(golden["image_features"], imageFeatures, 1e-5, 0, "image_features");
        Close(golden["text_features"], textFeatures, 1e-5, 0, "text_features");
        Close(golden["logits_per_image"], model.LogitsPerImage(imageFeatures, textFeatures), 1e-5, 0, "logits_per_image");

        // loss = sum_ij sdl(a_i, b_j), a differentiated, b constant
        var loss = SphericalDistance.Compute(imageFeatures.unsqueeze(1), textFeatures.detach().unsqueeze(0)).sum();
        Close(golden["loss"], loss, 0, 1e-4, "loss");
        var grad = torch.autograd.grad([loss], [images])[0];
        var gradScale = golden["grad_images"].abs().max().item<float>();
        Close(golden["grad_images"], grad, 1e-4 * gradScale, 0, "grad_images");
    }

    internal static void Close(torch.Tensor expected, torch.Tensor actual, double atol, double rtol, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var e = expected.data<float>().ToArray();
        var a = actual.detach().contiguous().data<float>().ToArray();
        for (var i = 0; i < e.Length; i++)
        {
            var tol = atol + rtol * Math.Abs(e[i]);
            Assert.True(Math.Abs(e[i] - a[i]) <= tol, $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R} (atol {atol}, rtol {rtol})");
        }
    }
}
