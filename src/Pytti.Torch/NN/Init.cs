namespace Pytti.Torch.NN;

/// <summary>PyTorch's default initialisations, drawn from the global generator (seed with <see cref="LibTorch.ManualSeed"/>).</summary>
internal static class Init
{
    /// <summary>U(-bound, bound).</summary>
    public static Tensor Uniform(long[] shape, double bound)
    {
        using var u = Tensor.Rand(shape);
        using var scaled = u * (2 * bound);
        return scaled - bound;
    }

    /// <summary>What <c>kaiming_uniform_(a=sqrt(5))</c> and the matching bias init amount to: U(±1/sqrt(fan_in)).</summary>
    public static Tensor FanIn(long[] shape, long fanIn) => Uniform(shape, fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0);
}
