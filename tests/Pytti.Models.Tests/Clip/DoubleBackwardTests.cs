using Pytti.Models.Clip;
using TorchSharp;

namespace Pytti.Models.Tests.Clip;

/// <summary>
/// A gradient of a gradient through CLIP's attention blocks (what a loss on image gradients needs). libtorch 2.10's CPU
/// flash attention has none and ends the process; our blocks keep PyTorch 1.13's operator sequence, so it works and
/// agrees with the same blocks in float64.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class DoubleBackwardTests
{
    [Fact]
    public void The_gradient_of_a_gradient_norm_flows_through_the_blocks()
    {
        torch.manual_seed(5);
        using var transformer = new ClipTransformer(16, 2, 2, ClipActivation.QuickGelu, causal: true);
        foreach (var p in transformer.parameters()) p.requires_grad = false;
        using var generator = new torch.Generator(6);
        using var input = torch.randn([4, 2, 16], generator: generator);
        var single = SecondOrder(transformer, input);
        transformer.to(torch.float64);
        var reference = SecondOrder(transformer, input.to(torch.float64));
        Assert.Contains(single, v => Math.Abs(v) > 1e-6);
        for (var i = 0; i < single.Length; i++)
            Assert.True(Math.Abs(single[i] - reference[i]) <= 1e-4 + 1e-3 * Math.Abs(reference[i]), $"[{i}] {single[i]} vs {reference[i]}");
    }

    /// <summary>d/dx ‖d(Σ transformer(x)²)/dx‖².</summary>
    private static double[] SecondOrder(ClipTransformer transformer, torch.Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = input.detach().requires_grad_();
        var y = transformer.call(x);
        var g = torch.autograd.grad([y.square().sum()], [x], retain_graph: true, create_graph: true)[0];   // TorchSharp does not retain with create_graph by itself
        var h = torch.autograd.grad([g.square().sum()], [x])[0];
        return h.to(torch.float64).data<double>().ToArray();
    }
}
