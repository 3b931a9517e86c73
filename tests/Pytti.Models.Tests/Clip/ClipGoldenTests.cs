using Pytti.Models.Clip;
using Pytti.Testing;
using Pytti.Torch;

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
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Tensor.LiveCount;
        var golden = Weights.Load(SharedFixtures.Path("fixtures", "clip", goldenFile));
        try
        {
            using var model = ClipLoader.Load(SharedFixtures.Path("fixtures", "clip", checkpoint));
            using var scope = LibTorch.NewDisposeScope();
            Assert.Equal(64, model.InputResolution);
            var images = golden["images"].Clone().RequiresGrad_();
            var imageFeatures = model.EncodeImage(images);
            var textFeatures = model.EncodeText(golden["text_tokens"]);
            Close(golden["image_features"], imageFeatures, 1e-5, 0, "image_features");
            Close(golden["text_features"], textFeatures, 1e-5, 0, "text_features");
            Close(golden["logits_per_image"], model.LogitsPerImage(imageFeatures, textFeatures), 1e-5, 0, "logits_per_image");

            // loss = sum_ij sdl(a_i, b_j), a differentiated, b constant
            var loss = SphericalDistance.Compute(imageFeatures.Unsqueeze(1), textFeatures.Detach().Unsqueeze(0)).Sum();
            Close(golden["loss"], loss, 0, 1e-4, "loss");
            var grad = Autograd.Grad([loss], [images])[0]!;
            var gradScale = golden["grad_images"].Abs().Max().Item();
            Close(golden["grad_images"], grad, 1e-4 * gradScale, 0, "grad_images");
        }
        finally
        {
            foreach (var t in golden.Values) t.Dispose();
        }
        Assert.Equal(before, Tensor.LiveCount);
    }

    private static void Close(Tensor expected, Tensor actual, double atol, double rtol, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.ToFloatArray();
        var a = actual.ToFloatArray();
        for (var i = 0; i < e.Length; i++)
        {
            var tol = atol + rtol * Math.Abs(e[i]);
            Assert.True(Math.Abs(e[i] - a[i]) <= tol, $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R} (atol {atol}, rtol {rtol})");
        }
    }
}
