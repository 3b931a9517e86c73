namespace Pytti.Models.Tests.Flow;

/// <summary>
/// Live tensors for leak checks: TorchSharp's (<c>torch.Tensor.TotalCount</c>). The count
/// grows by one for each Parameter a module creates, even once disposed, so take the baseline after building the model.
/// </summary>
internal static class LiveCounts
{
    public static long Take() => TorchLiveTensors.Count();
}
