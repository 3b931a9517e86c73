using Pytti.Torch;

namespace Pytti.Torch.Tests;

/// <summary>Fails the test if it leaves more native tensors alive than it found.</summary>
internal sealed class LeakGuard : IDisposable
{
    private readonly long _baseline;

    public LeakGuard()
    {
        Settle();
        _baseline = Tensor.LiveCount;
    }

    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    public long Leaked => Tensor.LiveCount - _baseline;

    public void Dispose() => Assert.True(Leaked == 0, $"{Leaked} native tensors leaked");
}
