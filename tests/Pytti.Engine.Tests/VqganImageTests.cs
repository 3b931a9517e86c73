using Pytti.Engine.ImageModels;
using Pytti.Engine.Losses;
using Pytti.Engine.Rendering;
using Pytti.Models.Vqgan;
using Pytti.Scenes.Expressions;
using Pytti.Testing;
using Pytti.Torch.Ops;
using Pytti.Torch.Optim;
using TorchSharp;
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

    private static double MaxDiff(torch.Tensor a, torch.Tensor b)
    {
        Assert.Equal(a.shape, b.shape);
        using var scope = torch.NewDisposeScope();
        return (a - b).abs().max().Item();
    }

    private static Dictionary<string, torch.Tensor> LoadGolden() => TorchSharp.PyBridge.Safetensors.LoadStateDict(Golden);

    private void Close(torch.Tensor actual, torch.Tensor expected, double atol, string what)
    {
        var worst = MaxDiff(actual, expected);
        output.WriteLine($"{what}: max |diff| = {worst:G3}");
        Assert.True(worst <= atol, $"{what}: max |diff| {worst:G3} exceeds {atol}");
    }

    [Fact]
    public void The_output_is_whole_tokens_and_decodes_have_that_shape()
    {
        using (var image = Image(33, 20))
        {
            Assert.Equal((16, 10, 32, 20), (image.Width, image.Height, image.OutputWidth, image.OutputHeight)); // 33 // 2 = 16 tokens -> 32 px
            Assert.Equal([1, 10, 16, 8], image.tensor.shape);                   // [1,ty,tx,e_dim]
            Assert.Equal(["tensor", "biased", "average", "accum"], image.state_dict().Keys);
            Assert.Equal((0.1, 1.0), (image.DefaultLearningRate, image.LatentStrength));
            var before = TorchValues.LiveCount();                                    // after the model's Parameters, which TorchSharp counts for good
            using (var scope = torch.NewDisposeScope())
            {
                using var g = new torch.Generator(1);
                image.EncodeRandom(g);
                var training = image.DecodeTraining();
                var output = image.DecodeForOutput();
                Assert.Equal([1, 3, 20, 32], training.shape);
                Assert.Equal([1, 3, 20, 32], output.shape);
                Assert.Equal([1, 8, 10, 16], image.LatentTensor()!.shape);
                Assert.True(training.min().Item() >= 0 && training.max().Item() <= 1);
            }
            Assert.Equal(before, TorchValues.LiveCount());
        }
        using (var scaled = Image(9, 9, pixelSize: 2))
            Assert.Equal((9, 18), (scaled.Width, scaled.OutputWidth));           // 9·2 // 2 = 9 tokens
        Assert.Throws<ArgumentOutOfRangeException>(() => Image(1, 8));
    }

    [Fact]
    public void Random_init_puts_a_codebook_vector_in_every_token_and_resets_the_average()
    {
        using var image = Image(16, 16);
        using var g = new torch.Generator(2);
        image.EncodeRandom(g);
        var codebook = image.Vqgan.Quantizer.Codebook.Floats();          // [16·8]
        var rows = Enumerable.Range(0, 16).Select(j => codebook.AsSpan(j * 8, 8).ToArray()).ToList();
        var tokens = image.tensor.Floats();                              // [1·8·8·8]
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
        using var image = Image(32, 32);
        var before = TorchValues.LiveCount();
        var golden = LoadGolden();
        try
        {
            using var scope = torch.NewDisposeScope();
            var input = (golden["image"] + 1.0) / 2.0;                         // golden input is in [-1,1]
            image.EncodeImage(input);
            var stored = image.tensor.permute(0, 3, 1, 2);                     // [1,ty,tx,e] -> [1,e,ty,tx]
            Close(stored, golden["z_q"], Atol, "stored latent vs taming's z_q");
            using var q = image.Vqgan.Quantize(image.LatentTensor()!);
            Assert.Equal(golden["indices"].data<long>().ToArray(), q.Indices.data<long>().ToArray());
            Close(image.LatentTensor()!, golden["z_q_codebook"], Atol, "latent tensor vs z_q_codebook");
            Close(image.MakeLatent(input), golden["z_q_codebook"], Atol, "make_latent vs z_q_codebook");
            var expected = ((golden["dec"] + 1.0) / 2.0).clamp(0.0, 1.0);
            Close(image.DecodeForOutput(), expected, Atol, "EMA decode vs (dec+1)/2");
            Close(image.DecodeTraining(), expected, Atol, "training decode vs (dec+1)/2");
        }
        finally
        {
            foreach (var t in golden.Values) t.Dispose();
        }
        Assert.Equal(before, TorchValues.LiveCount());
    }

    [Fact]
    public void The_moving_average_is_bias_corrected_with_decay_0_99()
    {
        // Hand-computed: reset with 2 -> accum 0.99, biased 0.02, average 0.02/0.01 = 2;
        // then 4 -> accum 0.9801, biased 0.0598, average 0.0598/0.0199 = 3.0050251;
        // then 0 -> accum 0.970299, biased 0.059202, average 0.059202/0.029701 = 1.9932662.
        using var biased = torch.zeros(3);
        using var average = torch.zeros(3);
        using var accum = torch.ones([]);
        var ema = new VqganEma(biased, average, accum, 0.99);
        using var two = torch.full([3], 2.0);
        using var four = torch.full([3], 4.0);
        using var zero = torch.zeros(3);
        ema.Reset(two);
        Assert.All(average.Floats(), v => Assert.Equal(2.0, v, 5));
        ema.Update(four);
        Assert.All(average.Floats(), v => Assert.Equal(3.0050251, v, 4));
        ema.Update(zero);
        Assert.All(average.Floats(), v => Assert.Equal(1.9932662, v, 4));
        Assert.Equal(0.970299, accum.Item(), 6);
        ema.Reset(four);
        Assert.All(average.Floats(), v => Assert.Equal(4.0, v, 5));
    }

    [Fact]
    public void The_image_saves_its_average_which_lags_the_optimised_latent()
    {
        using var image = Image(8, 8);
        using var g = new torch.Generator(3);
        image.EncodeRandom(g);
        using var start = image.tensor.clone();
        using (torch.no_grad())
        using (torch.NewDisposeScope()) image.tensor.add_(1.0);
        image.Update();                                                         // average = (0.0099·t0 + 0.01·(t0+1))/0.0199
        using var expected = start + 0.01 / 0.0199;
        Assert.True(MaxDiff(image.average, expected) < 1e-5);
    }

    [Fact]
    public void Gradients_reach_the_latent_straight_through_the_quantiser()
    {
        using var image = Image(16, 16);
        using var g = new torch.Generator(4);
        image.EncodeRandom(g);
        using (var scope = torch.NewDisposeScope())
        {
            image.LatentTensor()!.sum().Backward();
            var grad = image.tensor.grad!;
            Assert.Equal(1f, grad.min().Item());                                // identity gradient, moved to channels-last
            Assert.Equal(1f, grad.max().Item());
        }
        image.tensor.grad = null;
        using (var scope = torch.NewDisposeScope())
        {
            image.DecodeTraining().mean().Backward();
            Assert.True(image.tensor.grad!.abs().sum().Item() > 0, "the decoder's gradient reaches the latent");
        }
    }

    [Fact]
    public void The_latent_loss_decreases_when_optimised_alone()
    {
        using var image = Image(32, 32);
        using var g = new torch.Generator(5);
        image.EncodeRandom(g);
        var before = TorchValues.LiveCount();                                   // after the model's Parameters, which TorchSharp counts for good
        var golden = LoadGolden();
        torch.Tensor target;
        using (torch.NewDisposeScope())
            target = ((golden["image"] + 1.0) / 2.0).DetachFromDisposeScope();   // golden input is in [-1,1]
        using (target)
        using (var loss = new LatentLoss("latent", CompiledExpression.Compile("1"), null, image, target.alias()))
        using (var adam = AdamCheckpoints.Create(image.TrainableParameters(), image.DefaultLearningRate))
        {
            var variables = new Dictionary<string, double> { ["t"] = 0 };
            var raws = new List<double>();
            for (var i = 0; i < 30; i++)
            {
                using var scope = torch.NewDisposeScope();
                adam.ClearGrads();
                using var value = loss.Evaluate(image.DecodeTraining(), variables)!;
                raws.Add(value.Raw);
                value.Loss.Backward();
                adam.step();
                image.Update();
            }
            output.WriteLine(string.Join(", ", raws.Select(r => r.ToString("G4"))));
            Assert.True(raws[^1] < raws[0] * 0.5, $"{raws[0]} -> {raws[^1]}");
        }
        foreach (var t in golden.Values) t.Dispose();
        Assert.Equal(before, TorchValues.LiveCount());
    }
}
