using TorchSharp;

namespace Pytti.Torch.Tests;

/// <summary>What renders and resumes rely on: seeded generators repeat their draws and their state restores.</summary>
public class GeneratorTests
{
    [Fact]
    public void Seeded_generators_reproduce_draws_and_their_state_restores()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        using var g1 = new torch.Generator(42);
        using var g2 = new torch.Generator(42);
        Assert.Equal(TensorAssert.Floats(torch.randn([16], generator: g1)), TensorAssert.Floats(torch.randn([16], generator: g2)));
        var state = g1.get_state();
        var first = TensorAssert.Floats(torch.rand([8], generator: g1));
        var firstInts = torch.randint(0, 100, [8], generator: g1).data<long>().ToArray();
        g1.set_state(state);
        Assert.Equal(first, TensorAssert.Floats(torch.rand([8], generator: g1)));
        Assert.Equal(firstInts, torch.randint(0, 100, [8], generator: g1).data<long>().ToArray());
        Assert.All(firstInts, v => Assert.InRange(v, 0, 99));
        Assert.Equal(42L, g1.initial_seed());
        torch.manual_seed(7);
        var a = TensorAssert.Floats(torch.randn(4));
        torch.manual_seed(7);
        Assert.Equal(a, TensorAssert.Floats(torch.randn(4)));
    }
}
