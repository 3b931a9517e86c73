namespace Pytti.Models.Tests;

/// <summary>
/// TorchSharp's live-tensor count (<c>torch.Tensor.TotalCount</c>) after a full collection, for leak checks of code on
/// TorchSharp's own types. The count grows by one for each Parameter created, disposed or not, so take a baseline after
/// building a module and compare steady-state work against it.
/// </summary>
internal static class TorchLiveTensors
{
    public static long Count()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return TorchSharp.torch.Tensor.TotalCount;
    }
}
