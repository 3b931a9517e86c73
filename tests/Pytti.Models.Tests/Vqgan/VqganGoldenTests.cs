using Pytti.Models.Tests.Clip;
using Pytti.Models.Vqgan;
using Pytti.Torch;
using Pytti.Torch.NN;
using Xunit.Abstractions;
using static TorchSharp.torch;

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
        var golden = Weights.LoadTorch(VqganFixture.Golden);
        try
        {
            using var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
            var before = TorchLiveTensors.Count();
            using (var noGrad = no_grad())
            using (var scope = NewDisposeScope())
            {
                TorchGolden.Close(golden["h"], model.Encoder.forward(golden["image"]), Atol, "h", output);
                var z = model.Encode(golden["image"]);
                TorchGolden.Close(golden["z"], z, Atol, "z", output);
                var taming = model.Quantizer.Quantize(z);
                Assert.Equal(TorchGolden.Longs(golden["indices"]), TorchGolden.Longs(taming.Indices));
                TorchGolden.Close(golden["z_q"], taming.Quantized, Atol, "z_q", output);
                TorchGolden.Close(golden["emb_loss"], taming.Loss, 1e-6, "emb_loss", output);
                var q = model.Quantize(z);
                Assert.Equal(TorchGolden.Longs(golden["indices"]), TorchGolden.Longs(q.Indices));
                TorchGolden.Close(golden["z_q"], q.Quantized, Atol, "z_q (PyTTI's exact codes)", output);
                TorchGolden.Close(golden["z_q_codebook"], model.GetCodebookEntry(q.Indices, [1, 16, 16, 8]), Atol, "z_q_codebook", output);
                TorchGolden.Close(golden["dec"], model.Decode(q.Quantized), Atol, "dec", output);
                TorchGolden.Close(golden["dec_random"], model.Decode(golden["z_random"]), Atol, "dec_random", output);
            }
            Assert.Equal(before, TorchLiveTensors.Count());
        }
        finally
        {
            golden.DisposeAll();
        }
    }

    [Fact]
    public void The_safetensors_form_of_the_checkpoint_decodes_like_the_lightning_ckpt()
    {
        var dir = Directory.CreateTempSubdirectory("vqgan-safetensors-").FullName;
        var golden = Weights.LoadTorch(VqganFixture.Golden);
        try
        {
            using (var ckpt = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config))
                TorchSharp.PyBridge.Safetensors.SaveStateDict(Path.Combine(dir, "tiny.safetensors"), ckpt.state_dict());
            using var model = VqganModel.Load(Path.Combine(dir, "tiny.safetensors"), VqganFixture.Config);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var q = model.Quantize(model.Encode(golden["image"]));
            Assert.Equal(TorchGolden.Longs(golden["indices"]), TorchGolden.Longs(q.Indices));
            TorchGolden.Close(golden["dec"], model.Decode(q.Quantized), Atol, "dec (safetensors)", output);
        }
        finally
        {
            golden.DisposeAll();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PyTTI_s_quantisation_picks_taming_s_codes_and_gives_exactly_the_codebook_rows()
    {
        var golden = Weights.LoadTorch(VqganFixture.Golden);
        try
        {
            using var model = VqganModel.Load(VqganFixture.Checkpoint, VqganFixture.Config);
            using var scope = NewDisposeScope();
            var encoded = model.EncodeQuantized(golden["image"]);
            var nearest = model.Quantize(model.Encode(golden["image"]));
            Assert.Equal(TorchGolden.Longs(encoded.Indices), TorchGolden.Longs(nearest.Indices));
            TorchGolden.Close(nearest.Quantized, encoded.Quantized, 1e-6, "taming's straight-through value");
            Assert.Equal(TorchGolden.Floats(model.GetCodebookEntry(nearest.Indices, [1, 16, 16, 8])), TorchGolden.Floats(nearest.Quantized));
        }
        finally
        {
            golden.DisposeAll();
        }
    }
}
