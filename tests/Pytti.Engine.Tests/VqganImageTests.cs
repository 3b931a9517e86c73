using Pytti.Engine.ImageModels;
using Pytti.Engine.Losses;
using Pytti.Engine.Rendering;
using Pytti.Models.Vqgan;
using Pytti.Scenes.Expressions;
using Pytti.Testing;
using Pytti.Torch;
using Pytti.Torch.Optim;
using Xunit.Abstractions;

namespace Pytti.Engine.Tests;

/// <summary>
/// PyTTI's VQGAN image (reference 5.3) on the tiny taming fixture (f = 2, 16 codes of width 8). Golden
/// comparisons use the fixture README's tolerance, 1e-5 absolute, and exact code indices.
/// </summary>
public class VqganImageTests(ITestOutputHelper output)
{
    private const double Atol = 1e-5;
    public static string Checkpoint => SharedFixtures.Path("fixtures", "vqgan", "tiny_vqgan.ckpt");
    private static string Golden => SharedFixtures.Path("fixtures", "vqgan", "golden.safetensors");

    private static VqganImage Image(int width = 32, int height = 32, int pixelSize = 1) =>
        new(VqganModel.Load(Checkpoint, Path.ChangeExtension(Checkpoint, ".yaml")), width, height, pixelSize);

    private static double MaxDiff(Tensor a, Tensor b)
    {
        Assert.Equal(a.Shape, b.Shape);
        using var scope = LibTorch.NewDisposeScope();
        return (a - b).Abs().Max().Item();
    }

    private void Close(Tensor actual, Tensor expected, double atol, string what)
    {
        var worst = MaxDiff(actual, expected);
        output.WriteLine($"{what}: max |diff| = {worst:G3}");
        Assert.True(worst <= atol, $"{what}: max |diff| {worst:G3} exceeds {atol}");
    }

    [Fact]
    public void The_output_is_whole_tokens_and_decodes_have_that_shape()
    {
        Fixtures.Settle();
        var before = Tensor.LiveCount;
        using (var image = Image(33, 20))
        {
            Assert.Equal((16, 10, 32, 20), (image.Width, image.Height, image.OutputWidth, image.OutputHeight)); // 33 // 2 = 16 tokens -> 32 px
            Assert.Equal([1, 10, 16, 8], image.tensor.Shape);                   // [1,ty,tx,e_dim]
            Assert.Equal((0.1, 1.0), (image.DefaultLearningRate, image.LatentStrength));
            using var scope = LibTorch.NewDisposeScope();
            using var g = new Generator(1);
            image.EncodeRandom(g);
            var training = image.DecodeTraining();
            var output = image.DecodeForOutput();
            Assert.Equal([1, 3, 20, 32], training.Shape);
            Assert.Equal([1, 3, 20, 32], output.Shape);
            Assert.Equal([1, 8, 10, 16], image.LatentTensor()!.Shape);
            Assert.True(training.Min().Item() >= 0 && training.Max().Item() <= 1);
        }
        using (var scaled = Image(9, 9, pixelSize: 2))
            Assert.Equal((9, 18), (scaled.Width, scaled.OutputWidth));           // 9·2 // 2 = 9 tokens
        Assert.Throws<ArgumentOutOfRangeException>(() => Image(1, 8));
        Fixtures.Settle();
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void Random_init_puts_a_codebook_vector_in_every_token_and_resets_the_average()
    {
        using var image = Image(16, 16);
        using var g = new Generator(2);
        image.EncodeRandom(g);
        var codebook = image.Vqgan.Codebook.ToFloatArray();                    // [16·8]
        var rows = Enumerable.Range(0, 16).Select(j => codebook.AsSpan(j * 8, 8).ToArray()).ToList();
        var tokens = image.tensor.ToFloatArray();                              // [1·8·8·8]
        var used = new HashSet<int>();
        for (var t = 0; t < 64; t++)
        {
            var token = tokens.AsSpan(t * 8, 8).ToArray();
            var j = rows.FindIndex(r => r.SequenceEqual(token));
            Assert.True(j >= 0, $"token {t} is not a codebook row");
            used.Add(j);
        }
        Assert.True(used.Count > 4, $"only {used.Count} codes drawn");
        Assert.True(MaxDiff(image.average, image.tensor) < 1e-6, "after a reset the average is the tensor");
    }

    [Fact]
    public void Encoding_the_golden_image_reproduces_taming_s_codes_and_decode()
    {
        Fixtures.Settle();
        var before = Tensor.LiveCount;
        var golden = Weights.LoadTorch(Golden).ToDictionary(kv => kv.Key, kv => Tensor.Wrap(kv.Value));   // Wrapper boundary: Weights loads TorchSharp tensors
        try
        {
            using var image = Image(32, 32);
            using var scope = LibTorch.NewDisposeScope();
            var input = (golden["image"] + 1.0) / 2.0;                         // golden input is in [-1,1]
            image.EncodeImage(input);
            var stored = image.tensor.Permute(0, 3, 1, 2);                     // [1,ty,tx,e] -> [1,e,ty,tx]
            Close(stored, golden["z_q"], Atol, "stored latent vs taming's z_q");
            using var q = image.Vqgan.Quantize(image.LatentTensor()!);
            Assert.Equal(golden["indices"].ToArray<long>(), q.Indices.ToArray<long>());
            Close(image.LatentTensor()!, golden["z_q_codebook"], Atol, "latent tensor vs z_q_codebook");
            Close(image.MakeLatent(input), golden["z_q_codebook"], Atol, "make_latent vs z_q_codebook");
            var expected = ((golden["dec"] + 1.0) / 2.0).Clamp(0.0, 1.0);
            Close(image.DecodeForOutput(), expected, Atol, "EMA decode vs (dec+1)/2");
            Close(image.DecodeTraining(), expected, Atol, "training decode vs (dec+1)/2");
        }
        finally
        {
            foreach (var t in golden.Values) t.Dispose();
        }
        Fixtures.Settle();
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void The_moving_average_is_bias_corrected_with_decay_0_99()
    {
        // Hand-computed: reset with 2 -> accum 0.99, biased 0.02, average 0.02/0.01 = 2;
        // then 4 -> accum 0.9801, biased 0.0598, average 0.0598/0.0199 = 3.0050251;
        // then 0 -> accum 0.970299, biased 0.059202, average 0.059202/0.029701 = 1.9932662.
        using var biased = Tensor.Zeros([3]);
        using var average = Tensor.Zeros([3]);
        using var accum = Tensor.Ones([]);
        var ema = new VqganEma(biased, average, accum, 0.99);
        using var two = Tensor.Full([3], 2.0);
        using var four = Tensor.Full([3], 4.0);
        using var zero = Tensor.Zeros([3]);
        ema.Reset(two);
        Assert.All(average.ToFloatArray(), v => Assert.Equal(2.0, v, 5));
        ema.Update(four);
        Assert.All(average.ToFloatArray(), v => Assert.Equal(3.0050251, v, 4));
        ema.Update(zero);
        Assert.All(average.ToFloatArray(), v => Assert.Equal(1.9932662, v, 4));
        Assert.Equal(0.970299, accum.Item(), 6);
        ema.Reset(four);
        Assert.All(average.ToFloatArray(), v => Assert.Equal(4.0, v, 5));
    }

    [Fact]
    public void The_image_saves_its_average_which_lags_the_optimised_latent()
    {
        using var image = Image(8, 8);
        using var g = new Generator(3);
        image.EncodeRandom(g);
        using var start = image.tensor.Clone();
        using (LibTorch.NoGrad()) image.tensor.Add_(1.0);
        image.Update();                                                         // average = (0.0099·t0 + 0.01·(t0+1))/0.0199
        using var expected = start + 0.01 / 0.0199;
        Assert.True(MaxDiff(image.average, expected) < 1e-5);
    }

    [Fact]
    public void Gradients_reach_the_latent_straight_through_the_quantiser()
    {
        using var image = Image(16, 16);
        using var g = new Generator(4);
        image.EncodeRandom(g);
        using (var scope = LibTorch.NewDisposeScope())
        {
            image.LatentTensor()!.Sum().Backward();
            var grad = image.tensor.Grad!;
            Assert.Equal(1f, grad.Min().Item());                                // identity gradient, moved to channels-last
            Assert.Equal(1f, grad.Max().Item());
        }
        image.tensor.ClearGrad();
        using (var scope = LibTorch.NewDisposeScope())
        {
            image.DecodeTraining().Mean().Backward();
            Assert.True(image.tensor.Grad!.Abs().Sum().Item() > 0, "the decoder's gradient reaches the latent");
        }
    }

    [Fact]
    public void The_latent_loss_decreases_when_optimised_alone()
    {
        Fixtures.Settle();
        var before = Tensor.LiveCount;
        var golden = Weights.LoadTorch(Golden).ToDictionary(kv => kv.Key, kv => Tensor.Wrap(kv.Value));   // Wrapper boundary: Weights loads TorchSharp tensors
        using (var image = Image(32, 32))
        {
            using var g = new Generator(5);
            image.EncodeRandom(g);
            using var target = golden["image"].Add_(1.0).Div_(2.0).Share();        // golden input is in [-1,1]
            using var loss = new LatentLoss("latent", CompiledExpression.Compile("1"), null, image, target.Share());
            using var adam = Trainable.Adam(image.DefaultLearningRate, image.tensor);
            var variables = new Dictionary<string, double> { ["t"] = 0 };
            var raws = new List<double>();
            for (var i = 0; i < 30; i++)
            {
                using var scope = LibTorch.NewDisposeScope();
                adam.ClearGrads();
                using var value = loss.Evaluate(image.DecodeTraining().Torch, variables)!;   // Wrapper boundary
                raws.Add(value.Raw);
                Pytti.Torch.Ops.CheckedAutograd.Backward(value.Loss);   // Wrapper boundary
                adam.step();
                image.Update();
            }
            output.WriteLine(string.Join(", ", raws.Select(r => r.ToString("G4"))));
            Assert.True(raws[^1] < raws[0] * 0.5, $"{raws[0]} -> {raws[^1]}");
        }
        foreach (var t in golden.Values) t.Dispose();
        Fixtures.Settle();
        Assert.Equal(before, Tensor.LiveCount);
    }
}
