using Pytti.Models.Clip;
using TorchSharp;

namespace Pytti.Models.Tests.Clip;

/// <summary>The ensemble's cosine similarities, which the CLI's score command reports.</summary>
[Collection(LibTorchCollection.Name)]
public class PerceptorEnsembleTests
{
    [Fact]
    public void Every_image_is_scored_against_every_text_as_it_would_be_alone()
    {
        using var ensemble = new PerceptorEnsemble([PerceptorTests.Load()]);
        using var scope = torch.NewDisposeScope();
        using var g = new torch.Generator(4);
        var images = new[] { torch.rand([1, 3, 70, 64], generator: g), torch.rand([1, 3, 64, 64], generator: g) };
        string[] texts = ["a lighthouse", "a diagram"];
        var together = Assert.Single(ensemble.CosineSimilarities(images, texts));
        Assert.Equal((2, 2), (together.GetLength(0), together.GetLength(1)));
        Assert.All(together.Cast<double>(), s => Assert.InRange(s, -1.0, 1.0));
        for (var i = 0; i < images.Length; i++)
        {
            var alone = Assert.Single(ensemble.CosineSimilarities([images[i]], texts));
            for (var t = 0; t < texts.Length; t++) Assert.Equal(alone[0, t], together[i, t], 1e-6);
        }
        Assert.NotEqual(together[0, 0], together[1, 0]);
    }
}
