namespace Pytti.Models.Tests.Clip;

/// <summary>
/// TorchSharp's live-tensor count after finalizers have run. It also grows by one for each Parameter ever created
/// (disposed or not), so take a baseline after building a module and compare steady-state work against it.
/// </summary>
internal static class TorchCounts
{
    public static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return TorchSharp.torch.Tensor.TotalCount;
    }
}
