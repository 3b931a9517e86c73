using Pytti.Models.Tests.Clip;
using Pytti.Models.Vqgan;
using Pytti.Torch;
using Xunit.Abstractions;

namespace Pytti.Models.Tests.Vqgan;

/// <summary>
/// Our VQGAN against taming's VQModel on the tiny fixture (../shared/fixtures/vqgan/README.md), loaded
/// from its Lightning <c>.ckpt</c> and YAML. Tolerances as the README advises: 1e-5 absolute for the
/// encoder output, latents and decodes (other kernels differ by up to ~4e-6); indices exactly; the
/// loss 1e-6 absolute (value 0.136).
/// </summary>
[Collection(LibTorchCollection.Name)]
public class VqganGoldenTests(ITestOutputHelper output)
{
    private const double Atol = 1e-5;

    [Fact]
    public void Encode_quantize_and_decode_match_taming()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Tensor.LiveCount;
        var golden = Weights.Load(VqganFixture.Golden);
        try
        {
            using var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
            using var noGrad = LibTorch.NoGrad();
            using var scope = LibTorch.NewDisposeScope();
            var h = model.encoder.Forward(golden["image"]);
            Close(golden["h"], h, Atol, "h");
            var z = model.Encode(golden["image"]);
            Close(golden["z"], z, Atol, "z");
            using var taming = model.quantize.Quantize(z);
            Assert.Equal(golden["indices"].ToArray<long>(), taming.Indices.ToArray<long>());
            Close(golden["z_q"], taming.Quantized, Atol, "z_q");
            Close(golden["emb_loss"], taming.Loss, 1e-6, "emb_loss");
            using var q = model.Quantize(z);
            Assert.Equal(golden["indices"].ToArray<long>(), q.Indices.ToArray<long>());
            Close(golden["z_q"], q.Quantized, Atol, "z_q (PyTTI's exact codes)");
            Close(golden["z_q_codebook"], model.GetCodebookEntry(q.Indices, [1, 16, 16, 8]), Atol, "z_q_codebook");
            Close(golden["dec"], model.Decode(q.Quantized), Atol, "dec");
            Close(golden["dec_random"], model.Decode(golden["z_random"]), Atol, "dec_random");
        }
        finally
        {
            foreach (var t in golden.Values) t.Dispose();
        }
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void PyTTI_s_quantisation_picks_taming_s_codes_and_gives_exactly_the_codebook_rows()
    {
        using var golden = new GoldenImage();
        using var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
        using var scope = LibTorch.NewDisposeScope();
        using var encoded = model.EncodeQuantized(golden.Image);
        using var z = model.Encode(golden.Image);
        using var nearest = model.Quantize(z);
        Assert.Equal(encoded.Indices.ToArray<long>(), nearest.Indices.ToArray<long>());
        Assert.True((encoded.Quantized - nearest.Quantized).Abs().Max().Item() < 1e-6);
        Assert.Equal(model.GetCodebookEntry(nearest.Indices, [1, 16, 16, 8]).ToFloatArray(), nearest.Quantized.ToFloatArray());
    }

    private void Close(Tensor expected, Tensor actual, double atol, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.ToFloatArray();
        var a = actual.ToFloatArray();
        var worst = e.Zip(a, (x, y) => Math.Abs(x - y)).Max();
        output.WriteLine($"{what}: max |diff| = {worst:G3}");
        Assert.True(worst <= atol, $"{what}: max |diff| {worst:G3} exceeds {atol}");
    }

    /// <summary>The golden input image only.</summary>
    private sealed class GoldenImage : IDisposable
    {
        private readonly Dictionary<string, Tensor> _golden = Weights.Load(VqganFixture.Golden);

        public Tensor Image => _golden["image"];

        public void Dispose()
        {
            foreach (var t in _golden.Values) t.Dispose();
        }
    }
}
