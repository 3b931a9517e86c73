namespace Pytti.Torch.Tests;

/// <summary>
/// Fails the test if it leaves more TorchSharp tensors alive than it found (<c>torch.Tensor.TotalCount</c>, after the
/// finaliser has run). TorchSharp's count grows by one for each Parameter created, disposed or not, so start a guard
/// after building modules and parameters.
/// </summary>
internal sealed class LeakGuard : IDisposable
{
    private readonly long _baseline;

    public LeakGuard()
    {
        Settle();
        _baseline = TorchSharp.torch.Tensor.TotalCount;
    }

    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    public long Leaked => TorchSharp.torch.Tensor.TotalCount - _baseline;

    public void Dispose()
    {
        var leaked = Leaked;
        Assert.True(leaked == 0, $"{leaked} TorchSharp tensors leaked");
    }
}
