using Pytti.Torch;

namespace Pytti.Torch.Tests;

/// <summary>
/// Fails the test if it leaves more tensors alive than it found: our wrappers (<see cref="Tensor.LiveCount"/>) and, for
/// code on TorchSharp's own types (<paramref name="countTorch"/>), TorchSharp's tensors (<c>torch.Tensor.TotalCount</c>).
/// TorchSharp's count grows by one for each Parameter created, disposed or not, so start such a guard after construction.
/// </summary>
internal sealed class LeakGuard : IDisposable
{
    private readonly long _baseline;
    private readonly long _torchBaseline;
    private readonly bool _countTorch;

    public LeakGuard(bool countTorch = false)
    {
        _countTorch = countTorch;
        Settle();
        _baseline = Tensor.LiveCount;
        _torchBaseline = TorchSharp.torch.Tensor.TotalCount;
    }

    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    public long Leaked => Tensor.LiveCount - _baseline;

    public long LeakedTorch => TorchSharp.torch.Tensor.TotalCount - _torchBaseline;

    public void Dispose()
    {
        Assert.True(Leaked == 0, $"{Leaked} wrapped tensors leaked");
        if (_countTorch) Assert.True(LeakedTorch == 0, $"{LeakedTorch} TorchSharp tensors leaked");
    }
}
